/**
 * The binary codec of every deepprove file format: magic bytes and a version, bounded reads that
 * never allocate from an unchecked length, and {@link io.deepprove.core.codec.ProofFormatException}
 * for anything malformed.
 */
package io.deepprove.core.codec;
