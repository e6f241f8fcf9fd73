/** Bucket tools: listing, inspecting, verifying and uploading blocks (like {@code thanos tools bucket}). */
package io.strata.tools.bucket;
