/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;

/** A {@code <handler>} of smtpserver.xml as James gives it to {@code init}: its class attribute and child elements. */
final class TestHandlerElements {
    private TestHandlerElements() {
    }

    static BaseHierarchicalConfiguration of(Class<?> handler, String... elementsAndValues) {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("[@class]", handler.getName());
        for (int i = 0; i < elementsAndValues.length; i += 2) {
            configuration.addProperty(elementsAndValues[i], elementsAndValues[i + 1]);
        }
        return configuration;
    }
}
