/**
 * Will own LogUp lookup arguments proved by a fractional-sum GKR, and the lookup tables (ranges,
 * ReLU/clamp, requantization, small arbitrary tables). Returns claims on the looked-up columns to
 * its caller; commits to nothing itself.
 */
package io.deepprove.lookup;
