/**
 * Dense multilinear polynomials over the hypercube (big-endian variable order), folding, and the
 * equality polynomial eq(r, x).
 */
package io.deepprove.core.poly;
