/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

/**
 * The grammar of an algorithm name on the wire: 1 to 32 of a-z, 0-9 and '-', not
 * starting with '-'. A loop, not a regular expression: it runs on every XPOW command.
 */
final class AlgorithmName {
    static final String RULE = "1 to 32 of a-z, 0-9, '-'";

    private AlgorithmName() {
    }

    static boolean isValid(String name) {
        int length = name.length();
        if (length < 1 || length > 32 || name.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }
}
