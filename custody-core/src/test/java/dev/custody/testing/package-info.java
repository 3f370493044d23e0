/** Helpers shared by the tests of every module (published in custody-core's test-jar). */
@NullMarked
package dev.custody.testing;

import org.jspecify.annotations.NullMarked;
