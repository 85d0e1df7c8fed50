/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import java.util.List;

/** Onion addresses whose validity was established outside this code. */
final class OnionVectors {
    /** The example address of rend-spec-v3 section 6. */
    static final String REND_SPEC_EXAMPLE = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    /** A second address from the Tor specifications. */
    static final String REND_SPEC_SECOND = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";
    /** The address of RFC 8032's test 1 public key (used by tor's and others' tests). */
    static final String RFC8032_TEST1 = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion";
    static final String RFC8032_TEST1_PUBLIC_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    /** Made by tor 0.4.9.11 (the fixture in identity/tor-made/hostname). */
    static final String TOR_MADE = "q2dta76bf4zvnstnaniof5ecxenkziycnvenqnfd5hr26w7ol6cedsid.onion";

    /** RFC 8032 test 1 key with version byte 4 and the checksum made for version 4. */
    static final String VERSION_4 = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenj73qe.onion";
    /** RFC 8032 test 1 key plus a point of order 8, with a valid checksum: the same service spelled twice. */
    static final String TORSION = "sfmdcku2rvxdwngishlnmfce7c4cchcrc7v22fn5wc6wrmd6ajct6xqd.onion";
    /** Key bytes 02 00 .. 00: no point has that y, with a valid checksum. */
    static final String NOT_ON_CURVE = "aiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab3did.onion";
    /** The neutral element 01 00 .. 00 as key, with a valid checksum. */
    static final String IDENTITY_POINT = "aeaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaahmjqd.onion";
    /** The Tor Project's former v2 address. */
    static final String V2 = "expyuzz4wqqyqhjn.onion";

    static final List<String> VALID = List.of(REND_SPEC_EXAMPLE, REND_SPEC_SECOND, RFC8032_TEST1, TOR_MADE);

    private OnionVectors() {
    }

    static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
