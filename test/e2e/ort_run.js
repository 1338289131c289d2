#!/usr/bin/env node
// Run an ONNX model with onnxruntime-node, with the same file contract as `tmlc run`:
//
//   node ort_run.js MODEL.onnx OUTDIR NAME=input.npy [NAME=input.npy ...]
//
// writes every graph output to OUTDIR/<sanitized output name>.npy, where sanitizing replaces
// each character outside [A-Za-z0-9_.-] by '_'. Exit status: 0 success, 1 model/run error,
// 2 usage or input-file error, 3 onnxruntime-node not found (resolve it via NODE_PATH).
//
// Used by check_torch_models.py --ort as a second reference beside torch. Only
// little-endian, C-order .npy files of the dtypes below are read; that is all the checker writes.
'use strict';

const fs = require('fs');
const path = require('path');

let ort;
try {
  ort = require('onnxruntime-node');
} catch (e) {
  process.stderr.write('ort_run.js: error: cannot load onnxruntime-node (' + e.message.split('\n')[0] +
                       '); set NODE_PATH to the node_modules folder that holds it\n');
  process.exit(3);
}

// numpy descr -> [onnxruntime tensor type, TypedArray]
const DTYPES = {
  '<f4': ['float32', Float32Array],
  '<f8': ['float64', Float64Array],
  '<i4': ['int32', Int32Array],
  '<i8': ['int64', BigInt64Array],
  '|i1': ['int8', Int8Array],
  '|u1': ['uint8', Uint8Array],
};

function usage(msg) {
  process.stderr.write('ort_run.js: error: ' + msg + '\n' +
                       'usage: node ort_run.js MODEL.onnx OUTDIR NAME=file.npy ...\n');
  process.exit(2);
}

function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.length < 10 || buf.toString('latin1', 0, 6) !== '\x93NUMPY') {
    throw new Error(file + ': not a .npy file');
  }
  const major = buf[6];
  let hlen, hstart;
  if (major === 1) {
    hlen = buf.readUInt16LE(8);
    hstart = 10;
  } else if (major === 2 || major === 3) {
    hlen = buf.readUInt32LE(8);
    hstart = 12;
  } else {
    throw new Error(file + ': unsupported .npy version ' + major);
  }
  const header = buf.toString('latin1', hstart, hstart + hlen);
  const descr = /'descr':\s*'([^']+)'/.exec(header);
  const order = /'fortran_order':\s*(True|False)/.exec(header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !order || !shape) throw new Error(file + ': malformed .npy header');
  if (order[1] !== 'False') throw new Error(file + ': Fortran-order arrays are not supported');
  const dt = DTYPES[descr[1]];
  if (!dt) throw new Error(file + ': unsupported dtype ' + descr[1]);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const start = hstart + hlen;
  const nbytes = count * dt[1].BYTES_PER_ELEMENT;
  if (buf.length - start !== nbytes) {
    throw new Error(file + ': data holds ' + (buf.length - start) + ' bytes, shape needs ' + nbytes);
  }
  const data = new dt[1](count);
  Buffer.from(data.buffer).set(buf.subarray(start, start + nbytes));
  return new ort.Tensor(dt[0], data, dims);
}

function writeNpy(file, tensor) {
  const entry = Object.entries(DTYPES).find(([, v]) => v[0] === tensor.type);
  if (!entry) throw new Error('output type ' + tensor.type + ' cannot be written as .npy');
  const dims = tensor.dims;
  const shape = dims.length === 1 ? '(' + dims[0] + ',)' : '(' + dims.join(', ') + ')';
  let header = "{'descr': '" + entry[0] + "', 'fortran_order': False, 'shape': " + shape + ', }';
  // magic(6) + version(2) + len(2) + header + '\n', padded to a multiple of 64
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header + ' '.repeat(total - 10 - header.length - 1) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const data = tensor.data;
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

function sanitize(name) {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length < 2) usage('need MODEL and OUTDIR');
  const [model, outdir, ...inputArgs] = args;
  const feeds = {};
  for (const a of inputArgs) {
    const eq = a.indexOf('=');
    if (eq <= 0) usage("input '" + a + "' is not NAME=file.npy");
    try {
      feeds[a.slice(0, eq)] = readNpy(a.slice(eq + 1));
    } catch (e) {
      usage(e.message);
    }
  }
  let session, results;
  try {
    session = await ort.InferenceSession.create(model, {graphOptimizationLevel: 'disabled'});
    for (const name of session.inputNames) {
      if (!(name in feeds)) usage("missing --input for model input '" + name + "'");
    }
    results = await session.run(feeds);
  } catch (e) {
    process.stderr.write(model + ': error: ' + e.message + '\n');
    process.exit(1);
  }
  fs.mkdirSync(outdir, {recursive: true});
  for (const name of session.outputNames) {
    writeNpy(path.join(outdir, sanitize(name) + '.npy'), results[name]);
  }
}

main();
