/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.apache.james.protocols.api.handler.CommandHandler;

/**
 * The verbs the command handlers of a handler chain answer, as James wires them: a handler
 * that answers for the others (before TLS, for long lines) learns them only then.
 */
final class CommandVerbs {
    private CommandVerbs() {
    }

    /** The upper-case verbs of every command handler in {@code extensions} but those skipped. */
    static Set<String> of(List<?> extensions, Predicate<Object> skipped) {
        Set<String> verbs = new TreeSet<>();
        for (Object extension : extensions) {
            if (skipped.test(extension)) {
                continue;
            }
            for (String verb : ((CommandHandler<?>) extension).getImplCommands()) {
                verbs.add(verb.trim().toUpperCase(Locale.US));
            }
        }
        return verbs;
    }
}
