/**
 * Will own calibration, int8 quantization with fixed-point requantization, and the exact,
 * deterministic integer inference engine whose trace the prover proves.
 */
package io.deepprove.quantizer;
