package org.scholion.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link StackResource} for every @QuarkusTest in the run. */
@QuarkusTestResource(value = StackResource.class, restrictToAnnotatedClass = false)
public final class StackTestResources {
    private StackTestResources() {
    }
}
