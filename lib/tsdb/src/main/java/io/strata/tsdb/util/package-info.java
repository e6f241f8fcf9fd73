/** Small primitive collections for hot paths, so writers and readers do not box numbers. */
package io.strata.tsdb.util;
