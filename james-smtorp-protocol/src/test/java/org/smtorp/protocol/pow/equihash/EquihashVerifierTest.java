/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import nl.jqno.equalsverifier.EqualsVerifier;

class EquihashVerifierTest {
    private static final String ZCASH = EquihashHashes.ZCASH_TAG;
    // librustzcash's verify::Kind, as invalid.txt names them, and the refusal each is.
    private static final Map<String, EquihashCheck.Kind> LIBRUSTZCASH_KINDS = Map.of(
        "InvalidParams", EquihashCheck.Kind.WRONG_LENGTH,
        "Collision", EquihashCheck.Kind.COLLISION,
        "OutOfOrder", EquihashCheck.Kind.OUT_OF_ORDER,
        "DuplicateIdxs", EquihashCheck.Kind.DUPLICATE_INDICES,
        "NonZeroRootHash", EquihashCheck.Kind.NON_ZERO_ROOT);

    // (48,5) solutions for CRAFTED_INPUT, found once by a plain Wagner search over all 512 hashes
    // with Python's hashlib.blake2b (independent of BouncyCastle and of this verifier): one whose
    // subtrees collide at every level but whose root is not zero, one that is valid.
    private static final EquihashParameters CRAFTED = EquihashParameters.of(48, 5);
    private static final byte[] CRAFTED_INPUT = "SMTorP: all levels collide, the root is not zero"
        .getBytes(StandardCharsets.US_ASCII);
    private static final int[] CRAFTED_NON_ZERO_ROOT = EquihashVectors.indices("0,231,105,262,11,424,235,380,61,149,"
        + "298,301,81,90,340,377,24,213,420,478,116,165,137,493,54,314,119,302,84,130,186,283");
    private static final int[] CRAFTED_VALID = EquihashVectors.indices("0,231,105,262,12,390,191,352,18,397,23,207,"
        + "51,388,424,490,22,188,53,155,369,443,470,502,85,492,118,229,119,414,196,273");

    private final EquihashVerifier verifier = EquihashVerifier.create();

    static Stream<EquihashVectors.Vector> validVectors() {
        return EquihashVectors.valid().stream();
    }

    static Stream<EquihashVectors.Vector> smtorpVectors() {
        return EquihashVectors.smtorpValid().stream();
    }

    static Stream<EquihashVectors.Vector> invalidVectors() {
        return EquihashVectors.invalid().stream();
    }

    private static EquihashVectors.Vector firstValid96() {
        return EquihashVectors.valid().get(0);
    }

    // The solution librustzcash's invalid vectors were made from: (96,5), "Equihash is an asymmetric...", nonce 1.
    private static EquihashVectors.Vector asymmetricNonceOne() {
        return EquihashVectors.valid().stream()
            .filter(vector -> new String(vector.input, StandardCharsets.US_ASCII).startsWith("Equihash is")
                && vector.nonce[0] == 1 && vector.indices[0] == 2261)
            .findFirst().orElseThrow();
    }

    private EquihashCheck verify(EquihashVectors.Vector vector, int[] indices) {
        return verifier.verify(vector.parameters, ZCASH, vector.hashedInput(), indices);
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void verifyShouldAcceptEveryLibrustzcashValidSolution(EquihashVectors.Vector vector) {
        assertThat(verify(vector, vector.indices).kind()).isEqualTo(EquihashCheck.Kind.VALID);
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void verifyShouldAcceptEveryLibrustzcashValidSolutionInItsMinimalEncoding(EquihashVectors.Vector vector) {
        byte[] minimal = SolutionEncoding.encode(vector.parameters, vector.indices);
        assertThat(verifier.verify(vector.parameters, ZCASH, vector.hashedInput(), minimal).isValid()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("smtorpVectors")
    void verifyShouldAcceptSolutionsUnderOurTagFoundByAnIndependentImplementation(EquihashVectors.Vector vector) {
        assertThat(verifier.verify(vector.parameters, vector.tag, vector.hashedInput(), vector.indices).kind())
            .isEqualTo(EquihashCheck.Kind.VALID);
    }

    @ParameterizedTest
    @MethodSource("smtorpVectors")
    void verifyShouldRefuseSolutionsUnderOurTagForZcash(EquihashVectors.Vector vector) {
        assertThat(verifier.verify(vector.parameters, ZCASH, vector.hashedInput(), vector.indices).isValid()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("invalidVectors")
    void verifyShouldRefuseEveryLibrustzcashInvalidSolutionForTheReasonLibrustzcashGives(EquihashVectors.Vector vector) {
        assertThat(verify(vector, vector.indices).kind()).isEqualTo(LIBRUSTZCASH_KINDS.get(vector.error));
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void verifyShouldRefuseAValidSolutionUnderAnotherPersonalization(EquihashVectors.Vector vector) {
        EquihashCheck check = verifier.verify(vector.parameters, "SMTorPoW", vector.hashedInput(), vector.indices);
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.COLLISION);
    }

    @Test
    void verifyShouldRefuseAValidSolutionForAnotherNonce() {
        EquihashVectors.Vector vector = firstValid96();
        byte[] input = vector.hashedInput();
        input[input.length - 1] ^= 1;
        assertThat(verifier.verify(vector.parameters, ZCASH, input, vector.indices).kind())
            .isEqualTo(EquihashCheck.Kind.COLLISION);
    }

    @Test
    void verifyShouldRefuseTooFewIndices() {
        EquihashVectors.Vector vector = firstValid96();
        EquihashCheck check = verify(vector, Arrays.copyOf(vector.indices, 31));
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.WRONG_LENGTH);
        assertThat(check.level()).isEmpty();
        assertThat(check.message()).isEqualTo("an Equihash (96,5) solution has 32 indices, not 31");
    }

    @Test
    void verifyShouldRefuseTooManyIndices() {
        EquihashVectors.Vector vector = firstValid96();
        assertThat(verify(vector, Arrays.copyOf(vector.indices, 64)).kind()).isEqualTo(EquihashCheck.Kind.WRONG_LENGTH);
    }

    @Test
    void verifyShouldRefuseAMinimalEncodingOfTheWrongLength() {
        EquihashVectors.Vector vector = firstValid96();
        byte[] minimal = SolutionEncoding.encode(vector.parameters, vector.indices);
        EquihashCheck check = verifier.verify(vector.parameters, ZCASH, vector.hashedInput(),
            Arrays.copyOf(minimal, minimal.length + 1));
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.WRONG_LENGTH);
        assertThat(check.message()).isEqualTo("an Equihash (96,5) solution has 68 bytes, not 69");
    }

    @Test
    void verifyShouldRefuseAnIndexBeyondTheHashes() {
        EquihashVectors.Vector vector = firstValid96();
        int[] indices = vector.indices.clone();
        indices[31] = 1 << 17;
        EquihashCheck check = verify(vector, indices);
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.INDEX_OUT_OF_RANGE);
        assertThat(check.message()).isEqualTo("index 131072 at position 31 is outside 0 to 131071");
    }

    @Test
    void verifyShouldRefuseANegativeIndex() {
        EquihashVectors.Vector vector = firstValid96();
        int[] indices = vector.indices.clone();
        indices[5] = -1;
        assertThat(verify(vector, indices).kind()).isEqualTo(EquihashCheck.Kind.INDEX_OUT_OF_RANGE);
    }

    @Test
    void verifyShouldRefuseAPairThatDoesNotCollideAtLevelOne() {
        EquihashVectors.Vector vector = asymmetricNonceOne();
        int[] indices = vector.indices.clone();
        indices[0]++;
        EquihashCheck check = verify(vector, indices);
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.COLLISION);
        assertThat(check.level()).hasValue(1);
        assertThat(check.message())
            .isEqualTo("level 1, subtrees at positions 0 and 1: the hashes differ in bits 0 to 15");
    }

    @Test
    void verifyShouldRefuseTwoColldingPairsThatDoNotCollideAtLevelTwo() {
        // Two solutions for one input: each pair collides at level 1, pairs of different solutions do not at 2.
        EquihashVectors.Vector first = EquihashVectors.valid().get(0);
        EquihashVectors.Vector second = EquihashVectors.valid().get(1);
        assertThat(first.hashedInput()).isEqualTo(second.hashedInput());
        int[] indices = first.indices.clone();
        indices[2] = second.indices[0];
        indices[3] = second.indices[1];
        EquihashCheck check = verify(first, indices);
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.COLLISION);
        assertThat(check.level()).hasValue(2);
        assertThat(check.message())
            .isEqualTo("level 2, subtrees at positions 0-1 and 2-3: the hashes differ in bits 16 to 31");
    }

    @Test
    void verifyShouldRefuseAReversedPair() {
        EquihashVectors.Vector vector = asymmetricNonceOne();
        int[] indices = vector.indices.clone();
        indices[0] = vector.indices[1];
        indices[1] = vector.indices[0];
        EquihashCheck check = verify(vector, indices);
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.OUT_OF_ORDER);
        assertThat(check.level()).hasValue(1);
        assertThat(check.message())
            .isEqualTo("level 1, subtrees at positions 0 and 1: the right one starts with index 2261, below the left "
                + "one's 15185");
    }

    @Test
    void verifyShouldRefuseSwappedHalvesAtTheRoot() {
        EquihashVectors.Vector vector = asymmetricNonceOne();
        int[] indices = IntStream.range(0, 32).map(i -> vector.indices[(i + 16) % 32]).toArray();
        EquihashCheck check = verify(vector, indices);
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.OUT_OF_ORDER);
        assertThat(check.level()).hasValue(5);
    }

    @Test
    void verifyShouldRefuseAPairOfOneIndex() {
        EquihashVectors.Vector vector = asymmetricNonceOne();
        int[] indices = vector.indices.clone();
        indices[1] = indices[0];
        EquihashCheck check = verify(vector, indices);
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.DUPLICATE_INDICES);
        assertThat(check.level()).hasValue(1);
        assertThat(check.message()).isEqualTo("level 1, subtrees at positions 0 and 1: both hold index 2261");
    }

    @Test
    void verifyShouldRefuseAHalfRepeated() {
        EquihashVectors.Vector vector = asymmetricNonceOne();
        int[] indices = IntStream.range(0, 32).map(i -> vector.indices[i % 16]).toArray();
        EquihashCheck check = verify(vector, indices);
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.DUPLICATE_INDICES);
        assertThat(check.level()).hasValue(5);
        assertThat(check.message()).startsWith("level 5, subtrees at positions 0-15 and 16-31: both hold index ");
    }

    @Test
    void verifyShouldRefuseAnIndexInBothHalvesOfATreeWhoseOtherChecksPass() {
        // [a, b, a, b] colliding pairs: equal XORs collide and are not out of order; only distinctness fails.
        EquihashVectors.Vector vector = asymmetricNonceOne();
        int[] indices = IntStream.range(0, 32).map(i -> vector.indices[i % 2]).toArray();
        EquihashCheck check = verify(vector, indices);
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.DUPLICATE_INDICES);
        assertThat(check.level()).hasValue(2);
    }

    @Test
    void verifyShouldRefuseATreeThatCollidesAtEveryLevelButWhoseRootIsNotZero() {
        EquihashCheck check = verifier.verify(CRAFTED, ZCASH, CRAFTED_INPUT, CRAFTED_NON_ZERO_ROOT);
        assertThat(check.kind()).isEqualTo(EquihashCheck.Kind.NON_ZERO_ROOT);
        assertThat(check.level()).isEmpty();
        assertThat(check.message()).isEqualTo("the XOR of all 32 hashes is not zero in its last 8 bits");
    }

    @Test
    void verifyShouldAcceptTheCraftedSolutionFoundIndependently() {
        assertThat(verifier.verify(CRAFTED, ZCASH, CRAFTED_INPUT, CRAFTED_VALID).isValid()).isTrue();
    }

    @Test
    void verifyShouldRefuseEverySingleBitFlipOfAValidMinimalSolution() {
        EquihashVectors.Vector vector = asymmetricNonceOne();
        byte[] minimal = SolutionEncoding.encode(vector.parameters, vector.indices);
        for (int bit = 0; bit < minimal.length * 8; bit++) {
            byte[] mutated = minimal.clone();
            mutated[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(verifier.verify(vector.parameters, ZCASH, vector.hashedInput(), mutated).isValid())
                .as("bit %d flipped", bit).isFalse();
        }
    }

    @Test
    void verifyShouldRefuseATagThatIsNotEightPrintableCharacters() {
        EquihashVectors.Vector vector = firstValid96();
        assertThatThrownBy(() -> verifier.verify(vector.parameters, "Zcash", vector.hashedInput(), vector.indices))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksShouldBeValues() {
        EqualsVerifier.forClass(EquihashCheck.class).withNonnullFields("kind", "level", "message").verify();
    }
}
