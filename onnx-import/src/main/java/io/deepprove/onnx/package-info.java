/**
 * Will own the import of ONNX models into the deepprove graph IR: protobuf parsing, attribute
 * defaults per opset, constant folding, static shape inference, complete reports of unsupported
 * nodes, and the float reference through onnxruntime. Knows nothing about quantization or proofs.
 */
package io.deepprove.onnx;
