package io.deepprove.quantizer;

/**
 * Accuracy of a (dequantized) output against a float reference: max |got − want|,
 * ‖got − want‖₂ / ‖want‖₂ (the plain L2 error when ‖want‖₂ = 0), and whether the argmax agrees.
 */
public record Accuracy(double maxAbsError, double relL2Error, int argmax, int referenceArgmax) {

  public static Accuracy of(float[] got, float[] want) {
    if (got.length != want.length) {
      throw new IllegalArgumentException("lengths differ: " + got.length + " vs " + want.length);
    }
    double max = 0;
    double num = 0;
    double den = 0;
    for (int i = 0; i < got.length; i++) {
      double d = (double) got[i] - want[i];
      max = Math.max(max, Math.abs(d));
      num += d * d;
      den += (double) want[i] * want[i];
    }
    double rel = den > 0 ? Math.sqrt(num / den) : Math.sqrt(num);
    return new Accuracy(max, rel, argmax(got), argmax(want));
  }

  /** Index of the first largest element (−1 when empty). */
  public static int argmax(float[] v) {
    int best = -1;
    for (int i = 0; i < v.length; i++) {
      if (best < 0 || v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  public boolean argmaxMatch() {
    return argmax == referenceArgmax;
  }
}
