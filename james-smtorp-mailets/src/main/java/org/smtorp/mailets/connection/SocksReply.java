/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import java.util.Arrays;

/**
 * SOCKS5 replies (RFC 1928 section 6) and tor's onion-service ExtendedErrors (0xF0-0xF7),
 * each with whether retrying later can help. Authentication, bad addresses and refused
 * commands will fail the same way again; missing descriptors, failed introductions and
 * timeouts are the ordinary weather of the Tor network.
 */
public enum SocksReply {
    SUCCEEDED(0x00, false, "succeeded"),
    GENERAL_FAILURE(0x01, false, "general SOCKS server failure"),
    NOT_ALLOWED_BY_RULESET(0x02, true, "connection not allowed by ruleset"),
    NETWORK_UNREACHABLE(0x03, false, "network unreachable"),
    HOST_UNREACHABLE(0x04, false, "host unreachable"),
    CONNECTION_REFUSED(0x05, false, "connection refused"),
    TTL_EXPIRED(0x06, false, "TTL expired"),
    COMMAND_NOT_SUPPORTED(0x07, true, "command not supported"),
    ADDRESS_TYPE_NOT_SUPPORTED(0x08, true, "address type not supported"),
    ONION_DESCRIPTOR_NOT_FOUND(0xF0, false, "onion service descriptor not found"),
    ONION_DESCRIPTOR_INVALID(0xF1, false, "onion service descriptor invalid"),
    ONION_INTRODUCTION_FAILED(0xF2, false, "onion service introduction failed"),
    ONION_RENDEZVOUS_FAILED(0xF3, false, "onion service rendezvous failed"),
    ONION_MISSING_CLIENT_AUTHORIZATION(0xF4, true, "onion service requires client authorization"),
    ONION_WRONG_CLIENT_AUTHORIZATION(0xF5, true, "onion service refused the client authorization"),
    ONION_ADDRESS_INVALID(0xF6, true, "onion address invalid"),
    ONION_INTRODUCTION_TIMED_OUT(0xF7, false, "onion service introduction timed out"),
    UNKNOWN(-1, false, "unknown reply");

    private final int code;
    private final boolean permanent;
    private final String description;

    SocksReply(int code, boolean permanent, String description) {
        this.code = code;
        this.permanent = permanent;
        this.description = description;
    }

    public static SocksReply of(int code) {
        return Arrays.stream(values()).filter(reply -> reply.code == code).findFirst().orElse(UNKNOWN);
    }

    public int code() {
        return code;
    }

    /** Whether the same request will fail again, so the mail should bounce now. */
    public boolean isPermanent() {
        return permanent;
    }

    public String description() {
        return description;
    }
}
