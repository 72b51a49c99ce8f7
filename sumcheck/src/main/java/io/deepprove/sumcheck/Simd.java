package io.deepprove.sumcheck;

/**
 * Whether the prover's vector kernels ({@link SimdKernels}) run. They need the incubator module
 * jdk.incubator.vector resolved ({@code --add-modules jdk.incubator.vector}); without it the scalar
 * loops run and {@link SimdKernels} is never loaded. With it, the system property {@code
 * deepprove.simd} decides: {@code true} or {@code false}, or by default on where vectors hold at
 * least four longs (AVX2 or wider) and the kernels link and agree with the scalar field operations
 * on a few values. They are faster than the scalar loops on JDK 17 (vectorised subtractions and
 * reductions; its C2 emulates the 64-bit lane multiply) and more so from JDK 24, whose C2 multiplies
 * 32-bit lanes with one instruction (vpmuludq on x86). Both paths give the same field values.
 */
final class Simd {
  /** Why the kernels run or not, as {@link #status} words it; ENABLED is whether it starts "on". */
  private static final String STATUS = decide();

  private static final boolean ENABLED = STATUS.startsWith("on");

  private Simd() {}

  private static String decide() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return "off: jdk.incubator.vector is not resolved (--add-modules jdk.incubator.vector)";
    }
    String choice = System.getProperty("deepprove.simd", "auto");
    if (choice.equalsIgnoreCase("true")) {
      return "on (-Ddeepprove.simd=true)";
    }
    if (choice.equalsIgnoreCase("false")) {
      return "off: -Ddeepprove.simd=false";
    }
    try { // an incubating API may change under a later JDK: then the scalar loops run
      if (SimdKernels.lanes() < 4) {
        return "off: vectors hold fewer than four longs on this CPU";
      }
      return SimdKernels.selfCheck() ? "on" : "off: the kernels' self-check failed";
    } catch (LinkageError | RuntimeException e) {
      return "off: the kernels do not link (" + e + ")";
    }
  }

  /** True when the vector kernels are available and not switched off. */
  static boolean enabled() {
    return ENABLED;
  }

  /** "on", or "off: " and the reason. */
  static String status() {
    return STATUS;
  }
}
