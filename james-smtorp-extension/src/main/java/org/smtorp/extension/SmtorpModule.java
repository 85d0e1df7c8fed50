/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension;

import com.google.inject.AbstractModule;

/**
 * The Guice module James loads from {@code guice.extension.module} in
 * {@code extensions.properties}. It lives in James's child injector, so what it
 * binds is shared by our mailets, SMTP handlers, startables and WebAdmin routes.
 */
public final class SmtorpModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(SmtorpVersion.class).toInstance(SmtorpVersion.fromJar());
    }
}
