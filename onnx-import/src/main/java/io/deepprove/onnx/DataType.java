package io.deepprove.onnx;

/** Element types of ONNX tensors, with the {@code TensorProto.DataType} code of each. */
public enum DataType {
  UNDEFINED(0, false),
  FLOAT(1, false),
  UINT8(2, true),
  INT8(3, true),
  UINT16(4, true),
  INT16(5, true),
  INT32(6, true),
  INT64(7, true),
  STRING(8, false),
  BOOL(9, true),
  FLOAT16(10, false),
  DOUBLE(11, false),
  UINT32(12, true),
  UINT64(13, true),
  BFLOAT16(16, false);

  private final int code;
  private final boolean integer;

  DataType(int code, boolean integer) {
    this.code = code;
    this.integer = integer;
  }

  /** The {@code TensorProto.DataType} number. */
  public int code() {
    return code;
  }

  /** True for integer and boolean types (values held exactly as {@code long}). */
  public boolean isInteger() {
    return integer;
  }

  /** The type with the given ONNX code, or {@link #UNDEFINED} for codes this enum does not name. */
  public static DataType fromCode(int code) {
    for (DataType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return UNDEFINED;
  }
}
