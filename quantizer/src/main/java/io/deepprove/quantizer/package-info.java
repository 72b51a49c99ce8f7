/**
 * Calibration, int8 quantization and the exact integer inference engine whose trace the prover
 * proves. Knows the float IR of onnx-import; knows nothing about proofs, fields or the CLI.
 *
 * <p>Flow: {@link io.deepprove.quantizer.Quantizer#quantize} folds BatchNormalization, runs the
 * calibration samples through the float reference ({@link io.deepprove.quantizer.Calibration}) and
 * builds a {@link io.deepprove.quantizer.QuantizedGraph}; {@link io.deepprove.quantizer.IntegerEngine}
 * runs it on int8 inputs and returns a {@link io.deepprove.quantizer.Trace} with one
 * {@link io.deepprove.quantizer.NodeTrace} per {@link io.deepprove.quantizer.QNode}.
 *
 * <p>Scheme (all public data sits in the graph, nothing is implicit):
 * <ul>
 *   <li>activations: per-tensor symmetric int8, q ∈ [−127, 127], zero point 0 (in each
 *       {@link io.deepprove.quantizer.ValueSpec}), scale = calibrated max|x| / 127; a graph input
 *       that only (log-)softmax reads is int16 (scale max|x| / 32767, a 2^16-entry exp table), as
 *       softmax depends on the differences within a row only;
 *   <li>weights of Gemm/MatMul/Conv/ConvTranspose: int8 per output channel (default; measured more
 *       accurate than per-tensor on the MLP and CNN test models, see QuantizerTest), biases int32 at
 *       s_x·s_w[c]; run-time weights (as in ONNX node tests) are per-tensor int8;
 *   <li>requantization ({@link io.deepprove.quantizer.Requant}): acc·M + 2^(s−1) = q·2^s + rem,
 *       0 ≤ rem &lt; 2^s, out = clamp(q, lo, hi) with M &lt; 2^31 (fewer bits when the accumulator bound
 *       needs them, so acc·M never overflows); ReLU and constant Clip fuse into [lo, hi];
 *   <li>unary functions: a 256-entry {@link io.deepprove.quantizer.UnaryTable} each; division by a
 *       run-time tensor is a reciprocal table then a product;
 *   <li>Softmax/LogSoftmax: max-subtract, 256-entry exp table (16 fractional bits), row sum, rounded
 *       integer division (softmax) or a leading-bit + 8-bit mantissa log table (log-softmax); measured
 *       error within half an output step plus 2^-16·n (softmax) or ln(1+1/512) (log), SoftmaxTest;
 *   <li>operands on different scales (Add, Sub, Sum, Mul/Div by constants, unfolded BatchNorm,
 *       PRelu) meet on one accumulator scale through integer coefficients |c| ≤ 2^14
 *       ({@link io.deepprove.quantizer.QNode.LinearCombination}); Concat/Max/Min rescale inputs;
 *   <li>setup rejects any layer whose accumulator could reach 2^40 for some int8 input (bound from
 *       the actual integer weights), naming the layer.
 * </ul>
 *
 * <p>For a prover, per node i of {@code trace.nodes()}: {@code node()} gives the op and its public
 * parameters ({@code requant()}, tables, geometry); {@code input(k)} the tensors named by
 * {@code node().inputs()} (run-time values and committed constants); {@code accumulator()},
 * {@code quotient()}, {@code remainder()} the requantization witness; {@code output(k)} the
 * outputs; {@code auxiliary(name)} op-specific witnesses (softmax row max/exp/row sum/division
 * remainder/log sum; average-pool counts and division remainders).
 *
 * <p>Known limit: one int8 scale per tensor cannot represent tensors whose rows live at very
 * different magnitudes. For a graph input into softmax the int16 quantization above covers it
 * (ONNX node case test_logsoftmax_large_number: rows 0…3 and 10000…10003); inside a network it
 * remains a limit.
 */
package io.deepprove.quantizer;
