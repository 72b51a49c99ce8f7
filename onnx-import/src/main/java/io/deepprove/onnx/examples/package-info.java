/**
 * Deterministic example and benchmark models written through the ONNX protobuf classes: the
 * MNIST-shaped MLP, the CIFAR LeNet of DeepProve's CNN benchmark and the Iris-shaped Dense-4M, plus
 * small variants for tests. Same seed, same bytes, on every machine.
 */
package io.deepprove.onnx.examples;
