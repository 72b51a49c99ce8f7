package io.deepprove.onnx;

import com.google.protobuf.ByteString;
import io.deepprove.onnx.proto.Onnx.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversion between {@code TensorProto} and {@link Tensor}. */
public final class TensorProtos {
  private TensorProtos() {}

  /**
   * Decodes a tensor (raw_data little-endian or the typed repeated fields).
   *
   * @throws IllegalArgumentException when the tensor is malformed or of an unsupported type
   */
  public static Tensor toTensor(TensorProto t) {
    int[] shape = new int[t.getDimsCount()];
    long n = 1;
    for (int k = 0; k < shape.length; k++) {
      long d = t.getDims(k);
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("tensor '" + t.getName() + "' has dimension " + d);
      }
      shape[k] = (int) d;
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("tensor '" + t.getName() + "' is too large");
      }
    }
    int size = (int) n;
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
      throw new IllegalArgumentException("tensor '" + t.getName() + "' uses external data, which is not supported");
    }
    DataType dt = DataType.fromCode(t.getDataType());
    boolean raw = t.hasRawData();
    ByteBuffer b = raw ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
    switch (dt) {
      case FLOAT -> {
        float[] v = new float[size];
        if (raw) {
          need(t, b, size * 4L);
          b.asFloatBuffer().get(v);
        } else {
          needCount(t, t.getFloatDataCount(), size);
          for (int k = 0; k < size; k++) {
            v[k] = t.getFloatData(k);
          }
        }
        return Tensor.ofFloats(shape, v);
      }
      case DOUBLE -> {
        double[] v = new double[size];
        if (raw) {
          need(t, b, size * 8L);
          b.asDoubleBuffer().get(v);
        } else {
          needCount(t, t.getDoubleDataCount(), size);
          for (int k = 0; k < size; k++) {
            v[k] = t.getDoubleData(k);
          }
        }
        float[] f = new float[size];
        for (int k = 0; k < size; k++) {
          f[k] = (float) v[k];
        }
        return Tensor.ofFloats(shape, f);
      }
      case INT64 -> {
        long[] v = new long[size];
        if (raw) {
          need(t, b, size * 8L);
          b.asLongBuffer().get(v);
        } else {
          needCount(t, t.getInt64DataCount(), size);
          for (int k = 0; k < size; k++) {
            v[k] = t.getInt64Data(k);
          }
        }
        return Tensor.ofLongs(shape, v, dt);
      }
      case INT32, INT16, INT8, UINT8, UINT16, BOOL -> {
        long[] v = new long[size];
        if (raw) {
          int w = switch (dt) {
            case INT32 -> 4;
            case INT16, UINT16 -> 2;
            default -> 1;
          };
          need(t, b, (long) size * w);
          for (int k = 0; k < size; k++) {
            v[k] = switch (dt) {
              case INT32 -> b.getInt(k * 4);
              case INT16 -> b.getShort(k * 2);
              case UINT16 -> b.getShort(k * 2) & 0xffff;
              case INT8 -> b.get(k);
              default -> b.get(k) & 0xff;
            };
          }
        } else {
          needCount(t, t.getInt32DataCount(), size);
          for (int k = 0; k < size; k++) {
            v[k] = t.getInt32Data(k);
          }
        }
        return Tensor.ofLongs(shape, v, dt);
      }
      default -> throw new IllegalArgumentException(
          "tensor '" + t.getName() + "' has unsupported data type " + dt + " (" + t.getDataType() + ")");
    }
  }

  private static void need(TensorProto t, ByteBuffer b, long bytes) {
    if (b.remaining() != bytes) {
      throw new IllegalArgumentException("tensor '" + t.getName() + "' has " + b.remaining()
          + " bytes of raw data, expected " + bytes);
    }
  }

  private static void needCount(TensorProto t, int have, int want) {
    if (have != want) {
      throw new IllegalArgumentException("tensor '" + t.getName() + "' has " + have + " values, expected " + want);
    }
  }

  /** Encodes a float tensor with raw_data. */
  public static TensorProto floatTensor(String name, int[] shape, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT.code());
    for (int d : shape) {
      t.addDims(d);
    }
    return t.setRawData(ByteString.copyFrom(b.array())).build();
  }

  /** Encodes an int64 tensor with int64_data. */
  public static TensorProto longTensor(String name, int[] shape, long[] values) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.INT64.code());
    for (int d : shape) {
      t.addDims(d);
    }
    for (long v : values) {
      t.addInt64Data(v);
    }
    return t.build();
  }
}
