/** The HTTP API: routes over the services, and the one mapping of errors to problem+json. */
@NullMarked
package dev.custody.api;

import org.jspecify.annotations.NullMarked;
