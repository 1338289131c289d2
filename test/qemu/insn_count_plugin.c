/*===- insn_count_plugin.c - executed-instruction counter (QEMU TCG plugin) ===*
 *
 * Counts guest instructions executed in total, loads and stores (classified
 * by mnemonic, Arm and RISC-V), instructions inside address ranges, and
 * instructions inside measurement windows delimited by two marker functions.
 *
 * Arguments (comma separated after the .so on the -plugin option):
 *   out=FILE          write the report to FILE (default: stderr)
 *   begin=ADDR        address of the window-begin marker (tmlc_bench_begin)
 *   end=ADDR          address of the window-end marker (tmlc_bench_end)
 *   range=LO:HI       count instructions of translation blocks starting in
 *                     [LO, HI) (repeatable, up to 16)
 * Report lines (key=value):
 *   total_insns=N total_loads=N total_stores=N
 *   windows=K
 *   window=I insns=N loads=N stores=N       (one per window, up to 1024)
 *   range=I lo=0x.. hi=0x.. insns=N
 *
 * A window's counts are the differences of the running counters between
 * the first instruction of the begin marker and the first instruction of the
 * end marker. Block counters are added when a block starts, so the window
 * covers everything after the begin marker's block up to and including the
 * end marker's block (a constant few instructions of call overhead).
 *
 * QEMU's Debian packages ship no qemu-plugin.h; the few entry points of the
 * plugin API (version 1, QEMU 7.2) used here are declared by hand.
 *===----------------------------------------------------------------------===*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags {
  QEMU_PLUGIN_CB_NO_REGS,
  QEMU_PLUGIN_CB_R_REGS,
  QEMU_PLUGIN_CB_RW_REGS
};
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t,
                                               struct qemu_plugin_tb *);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index,
                                            void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t,
                                           qemu_plugin_vcpu_tb_trans_cb_t);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *,
                                                 size_t);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *);
char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *,
                                              enum qemu_plugin_op, void *,
                                              uint64_t);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *,
                                                enum qemu_plugin_op, void *,
                                                uint64_t);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *,
                                            qemu_plugin_vcpu_udata_cb_t,
                                            enum qemu_plugin_cb_flags, void *);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, qemu_plugin_udata_cb_t,
                                    void *);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MAX_RANGES 16
#define MAX_WINDOWS 1024

static uint64_t g_total, g_loads, g_stores;
static uint64_t g_range_lo[MAX_RANGES], g_range_hi[MAX_RANGES];
static uint64_t g_range_cnt[MAX_RANGES];
static int g_nranges;

static int g_have_begin, g_have_end;
static uint64_t g_begin_pc, g_end_pc;
static int g_open;
static uint64_t g_snap_total, g_snap_loads, g_snap_stores;
static uint64_t g_nwindows;
static uint64_t g_win_insns[MAX_WINDOWS], g_win_loads[MAX_WINDOWS],
    g_win_stores[MAX_WINDOWS];

static char *g_out_path;
static int g_reported;

enum mem_kind { MEM_NONE, MEM_LOAD, MEM_STORE };

static int has_prefix(const char *s, const char *p) {
  return strncmp(s, p, strlen(p)) == 0;
}

static int in_list(const char *tok, const char *const *list) {
  for (; *list; ++list)
    if (strcmp(tok, *list) == 0)
      return 1;
  return 0;
}

static void next_token(const char **pp, char *tok, size_t cap) {
  const char *p = *pp;
  size_t n = 0;
  while (*p == ' ' || *p == '\t')
    ++p;
  while (*p && *p != ' ' && *p != '\t') {
    if (n + 1 < cap)
      tok[n++] = *p;
    ++p;
  }
  tok[n] = '\0';
  *pp = p;
}

static int is_hex(const char *s) {
  for (; *s; ++s)
    if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
      return 0;
  return 1;
}

/* Classify one disassembled instruction by its mnemonic. */
static enum mem_kind classify(const char *disas) {
  static const char *const rv_loads[] = {"lb",   "lh",   "lw",    "lbu",
                                         "lhu",  "lwu",  "flw",   "fld",
                                         "lwsp", "ldsp", "flwsp", "fldsp",
                                         NULL};
  static const char *const rv_stores[] = {"sb",   "sh",   "sw",    "sd",
                                          "fsw",  "fsd",  "swsp",  "sdsp",
                                          "fswsp", "fsdsp", NULL};
  char tok[32];
  const char *p = disas;
  const char *t;
  next_token(&p, tok, sizeof tok);
  /* QEMU's RISC-V disassembler prints the encoding (4 or 8 hex digits)
   * before the mnemonic; Arm's (capstone) does not. */
  if ((strlen(tok) == 4 || strlen(tok) == 8) && is_hex(tok))
    next_token(&p, tok, sizeof tok);
  t = has_prefix(tok, "c.") ? tok + 2 : tok;
  if (in_list(t, rv_loads))
    return MEM_LOAD;
  if (in_list(t, rv_stores))
    return MEM_STORE;
  /* Arm: LDR*, LDM*, LDA*, LDC, POP, VLDR/VLDM/VLDn (incl. MVE), VPOP. */
  if (has_prefix(t, "ld") || strcmp(t, "pop") == 0 || has_prefix(t, "vld") ||
      strcmp(t, "vpop") == 0)
    return MEM_LOAD;
  if (has_prefix(t, "st") || strcmp(t, "push") == 0 || has_prefix(t, "vst") ||
      strcmp(t, "vpush") == 0)
    return MEM_STORE;
  return MEM_NONE;
}

static void on_begin(unsigned int vcpu, void *ud) {
  (void)vcpu;
  (void)ud;
  g_open = 1;
  g_snap_total = g_total;
  g_snap_loads = g_loads;
  g_snap_stores = g_stores;
}

static void on_end(unsigned int vcpu, void *ud) {
  (void)vcpu;
  (void)ud;
  if (!g_open)
    return;
  g_open = 0;
  if (g_nwindows < MAX_WINDOWS) {
    g_win_insns[g_nwindows] = g_total - g_snap_total;
    g_win_loads[g_nwindows] = g_loads - g_snap_loads;
    g_win_stores[g_nwindows] = g_stores - g_snap_stores;
  }
  ++g_nwindows;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  size_t n = qemu_plugin_tb_n_insns(tb);
  uint64_t pc = qemu_plugin_tb_vaddr(tb);
  size_t i;
  int r;
  (void)id;
  qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                           &g_total, n);
  for (r = 0; r < g_nranges; ++r)
    if (pc >= g_range_lo[r] && pc < g_range_hi[r])
      qemu_plugin_register_vcpu_tb_exec_inline(
          tb, QEMU_PLUGIN_INLINE_ADD_U64, &g_range_cnt[r], n);
  for (i = 0; i < n; ++i) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    uint64_t ipc = qemu_plugin_insn_vaddr(insn);
    char *d = qemu_plugin_insn_disas(insn);
    if (d) {
      enum mem_kind k = classify(d);
      if (k == MEM_LOAD)
        qemu_plugin_register_vcpu_insn_exec_inline(
            insn, QEMU_PLUGIN_INLINE_ADD_U64, &g_loads, 1);
      else if (k == MEM_STORE)
        qemu_plugin_register_vcpu_insn_exec_inline(
            insn, QEMU_PLUGIN_INLINE_ADD_U64, &g_stores, 1);
      free(d);
    }
    if (g_have_begin && ipc == g_begin_pc)
      qemu_plugin_register_vcpu_insn_exec_cb(insn, on_begin,
                                             QEMU_PLUGIN_CB_NO_REGS, NULL);
    if (g_have_end && ipc == g_end_pc)
      qemu_plugin_register_vcpu_insn_exec_cb(insn, on_end,
                                             QEMU_PLUGIN_CB_NO_REGS, NULL);
  }
}

static void report(void) {
  FILE *f = stderr;
  uint64_t w;
  int r;
  if (g_reported)
    return;
  g_reported = 1;
  if (g_out_path) {
    f = fopen(g_out_path, "w");
    if (!f) {
      fprintf(stderr, "insn_count_plugin: cannot write '%s'\n", g_out_path);
      f = stderr;
    }
  }
  fprintf(f, "total_insns=%llu\ntotal_loads=%llu\ntotal_stores=%llu\n",
          (unsigned long long)g_total, (unsigned long long)g_loads,
          (unsigned long long)g_stores);
  fprintf(f, "windows=%llu\n", (unsigned long long)g_nwindows);
  for (w = 0; w < g_nwindows && w < MAX_WINDOWS; ++w)
    fprintf(f, "window=%llu insns=%llu loads=%llu stores=%llu\n",
            (unsigned long long)w, (unsigned long long)g_win_insns[w],
            (unsigned long long)g_win_loads[w],
            (unsigned long long)g_win_stores[w]);
  for (r = 0; r < g_nranges; ++r)
    fprintf(f, "range=%d lo=0x%llx hi=0x%llx insns=%llu\n", r,
            (unsigned long long)g_range_lo[r],
            (unsigned long long)g_range_hi[r],
            (unsigned long long)g_range_cnt[r]);
  if (f != stderr)
    fclose(f);
  else
    fflush(f);
}

static void on_plugin_exit(qemu_plugin_id_t id, void *ud) {
  (void)id;
  (void)ud;
  report();
}

/* A semihosting exit ends QEMU through exit(); report from libc's atexit
 * as well in case the plugin's own exit callback does not run. */
static void on_libc_exit(void) { report(); }

static int parse_u64(const char *s, uint64_t *v) {
  char *e;
  if (!*s)
    return 0;
  *v = strtoull(s, &e, 0);
  return *e == '\0';
}

__attribute__((visibility("default"))) int
qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                    char **argv) {
  int i;
  (void)info;
  for (i = 0; i < argc; ++i) {
    const char *a = argv[i];
    if (has_prefix(a, "out=")) {
      free(g_out_path);
      g_out_path = strdup(a + 4);
    } else if (has_prefix(a, "begin=")) {
      if (!parse_u64(a + 6, &g_begin_pc))
        goto bad;
      g_have_begin = 1;
    } else if (has_prefix(a, "end=")) {
      if (!parse_u64(a + 4, &g_end_pc))
        goto bad;
      g_have_end = 1;
    } else if (has_prefix(a, "range=")) {
      char lo[64];
      const char *colon = strchr(a + 6, ':');
      size_t len = colon ? (size_t)(colon - (a + 6)) : 0;
      if (!colon || len == 0 || len >= sizeof lo || g_nranges == MAX_RANGES)
        goto bad;
      memcpy(lo, a + 6, len);
      lo[len] = '\0';
      if (!parse_u64(lo, &g_range_lo[g_nranges]) ||
          !parse_u64(colon + 1, &g_range_hi[g_nranges]))
        goto bad;
      ++g_nranges;
    } else {
      goto bad;
    }
    continue;
  bad:
    fprintf(stderr, "insn_count_plugin: bad argument '%s'\n", a);
    return -1;
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
  qemu_plugin_register_atexit_cb(id, on_plugin_exit, NULL);
  atexit(on_libc_exit);
  return 0;
}
