package dev.baton.linux;

import java.nio.charset.StandardCharsets;

/** A {@code struct sockaddr_un} as bytes; a leading '@' means the abstract namespace, as systemd writes it. */
final class UnixAddress {
    static final int AF_UNIX = 1;
    private static final int PATH_MAX = 108;

    private UnixAddress() {}

    static byte[] of(String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= PATH_MAX) {
            throw new IllegalArgumentException("socket path longer than " + (PATH_MAX - 1) + " bytes: " + path);
        }
        byte[] address = new byte[2 + name.length + 1];
        address[0] = (byte) AF_UNIX; // sa_family_t, little-endian on x86_64 and arm64
        System.arraycopy(name, 0, address, 2, name.length);
        if (name.length > 0 && name[0] == '@') {
            address[2] = 0;
            return java.util.Arrays.copyOf(address, 2 + name.length); // abstract names are not NUL-terminated
        }
        return address;
    }
}
