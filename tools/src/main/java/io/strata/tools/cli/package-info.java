/** The {@code strata tools} command line (picocli): thin commands over the plain Java tools. */
package io.strata.tools.cli;
