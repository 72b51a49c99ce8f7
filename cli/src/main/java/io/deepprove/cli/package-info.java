/**
 * The {@code deepprove} command line: picocli commands that parse options into domain objects and
 * call one method of the modules below. This is the only package that knows picocli; it holds no
 * proving logic.
 */
package io.deepprove.cli;
