# -*- Python -*-
import os
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "TMLC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.excludes = ["lit.cfg.py", "Inputs", "conformance", "unittests", "qemu", "e2e", "models"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tmlc_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.tmlc_tools_dir, append_path=True)

config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%tmlc_src", config.tmlc_src_root))
llvm_config.add_tool_substitutions(["tmlc-opt", "tmlc"], [config.tmlc_tools_dir])

for cc in ["gcc", "clang"]:
    if shutil.which(cc):
        config.available_features.add("host-" + cc)
# The MLPerf Tiny models beside the checkout (CI has them; a user's clone may not).
if os.path.isdir(os.path.join(config.tmlc_src_root, "..", "shared", "models", "mlperf-tiny")):
    config.available_features.add("shared-models")
config.substitutions.append(("%shared_models", os.path.join(config.tmlc_src_root, "..", "shared", "models")))
if shutil.which("arm-none-eabi-gcc"):
    config.available_features.add("arm-none-eabi-gcc")
if shutil.which("qemu-system-arm"):
    config.available_features.add("qemu-system-arm")
