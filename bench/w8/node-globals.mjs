// W8: what esbuild injects into the jks-js browser bundle so that it runs outside Node: the
// `Buffer` and `process` globals (npm `buffer` and `process`). `crypto`, `constants` and
// `stream` are aliased to crypto-browserify, constants-browserify and stream-browserify on the
// esbuild command line (crates/xtask/src/bench/size.rs); `assert` and `events` resolve to the
// npm packages of the same names.
import { Buffer } from 'buffer';
import process from 'process';

export { Buffer, process };
