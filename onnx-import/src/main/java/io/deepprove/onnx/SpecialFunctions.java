package io.deepprove.onnx;

/** Special functions the JDK lacks. */
final class SpecialFunctions {
  private SpecialFunctions() {}

  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

  /**
   * The error function to about 1e-13 absolute: the Maclaurin series below |x| = 4 (terms grow to
   * at most ~1e6, so cancellation costs ~6 of 16 digits), the asymptotic series of erfc above,
   * where erfc(x) < 2e-8.
   */
  static double erf(double x) {
    double ax = Math.abs(x);
    if (Double.isNaN(x)) {
      return x;
    }
    double r;
    if (ax < 4) {
      double x2 = ax * ax;
      double term = ax; // x^(2n+1) (-1)^n / n!
      double sum = ax;
      for (int n = 1; n < 200; n++) {
        term *= -x2 / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      r = TWO_OVER_SQRT_PI * sum;
    } else {
      double x2 = ax * ax;
      double s = 1;
      double t = 1;
      for (int n = 1; n < 8; n++) {
        t *= -(2 * n - 1) / (2 * x2);
        s += t;
      }
      r = 1 - Math.exp(-x2) / (ax * Math.sqrt(Math.PI)) * s;
    }
    return x < 0 ? -r : r;
  }
}
