/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

/**
 * Why install writes nothing: a file that is not James's, or not what install can merge
 * into. The message names the file and what it lacks; nothing was written when it is thrown.
 */
final class InstallRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InstallRefusal(String message) {
        super(message);
    }
}
