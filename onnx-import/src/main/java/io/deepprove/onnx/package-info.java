/**
 * Import of ONNX models into the deepprove graph IR.
 *
 * <p>Entry points: {@link io.deepprove.onnx.OnnxImporter#importModel} gives an immutable
 * {@link io.deepprove.onnx.Graph} (real inputs, outputs, {@link io.deepprove.onnx.Node}s in
 * topological order, each with a typed {@link io.deepprove.onnx.Op} whose attributes carry the
 * opset defaults and are resolved against the static shapes, initializers as
 * {@link io.deepprove.onnx.Tensor}s, a {@link io.deepprove.onnx.TensorInfo} for every value), or
 * fails with one {@link io.deepprove.onnx.ModelImportException} listing every unsupported node;
 * {@link io.deepprove.onnx.OnnxImporter#inspect} reports the same without failing and without
 * materializing weights. Constants (initializers, Constant, ConstantOfShape, shape subgraphs such
 * as Shape→Gather→Concat→Reshape) are folded; the batch dimension is resolved to the size given in
 * {@link io.deepprove.onnx.ImportOptions}. Every unary activation is one
 * {@link io.deepprove.onnx.UnaryFunction}.
 *
 * <p>{@link io.deepprove.onnx.FloatInterpreter} is the pure-Java float reference over the IR;
 * {@link io.deepprove.onnx.OnnxRuntimeReference} runs the same file through onnxruntime.
 *
 * <p>Choices worth knowing: opsets 6..25 are accepted (per-op semantics follow the model's opset:
 * Softmax 2-D coercion before 13, PRelu per-channel [C] slopes and Gemm/Add {@code broadcast}/{@code
 * axis} before 7, attribute-vs-input forms of Clip/Pad/Slice/Split/Squeeze/Unsqueeze/Reduce*);
 * Reshape, Flatten, Squeeze and Unsqueeze all become {@link io.deepprove.onnx.Op.Reshape};
 * BatchNormalization becomes {@link io.deepprove.onnx.Op.ChannelAffine} (and
 * {@link io.deepprove.onnx.GraphPasses#foldChannelAffine} folds it into a preceding Conv/Gemm);
 * elementwise ops accept run-time second operands (Div included: the quantizer decides what it can
 * prove); integer tensors exist only inside constant (shape) computations; spatial ops take 1 to 3
 * spatial axes. Folded values are lazy, so inspecting a model whose weights come from
 * ConstantOfShape allocates nothing.
 *
 * <p>The protobuf classes ({@code io.deepprove.onnx.proto.Onnx}) are generated at build time from
 * {@code src/main/proto/onnx.proto}. This package knows nothing about quantization or proofs.
 */
package io.deepprove.onnx;
