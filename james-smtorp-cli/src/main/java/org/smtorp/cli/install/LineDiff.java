/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines that differ between two texts, with a line of context around each change, in the
 * {@code -}/{@code +} notation of diff: what {@code --dry-run} shows an administrator.
 * Configuration files are small, so a plain longest-common-subsequence table will do.
 */
final class LineDiff {
    private static final int CONTEXT = 1;

    private LineDiff() {
    }

    static String of(String before, String after) {
        String[] a = before.split("\r?\n", -1);
        String[] b = after.split("\r?\n", -1);
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        List<Boolean> changed = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add("  " + a[i]);
                changed.add(false);
                i++;
                j++;
            } else if (j < b.length && (i == a.length || common[i][j + 1] >= common[i + 1][j])) {
                lines.add("+ " + b[j++]);
                changed.add(true);
            } else {
                lines.add("- " + a[i++]);
                changed.add(true);
            }
        }
        StringBuilder out = new StringBuilder();
        int lastShown = -1;
        for (int k = 0; k < lines.size(); k++) {
            if (near(changed, k)) {
                if (lastShown >= 0 && k > lastShown + 1) {
                    out.append("  ...\n");
                }
                out.append(lines.get(k)).append('\n');
                lastShown = k;
            }
        }
        return out.toString();
    }

    private static boolean near(List<Boolean> changed, int index) {
        for (int k = Math.max(0, index - CONTEXT); k <= Math.min(changed.size() - 1, index + CONTEXT); k++) {
            if (changed.get(k)) {
                return true;
            }
        }
        return false;
    }
}
