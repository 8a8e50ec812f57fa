#ifndef CLIBCRYPTO_SHIM_H
#define CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdint.h>

/// Typed `EVP_PBE_scrypt`: byte buffers instead of `char *`, so Swift passes
/// its arrays without casts. Returns 1 on success, 0 on failure (bad
/// parameters, or more memory than `maxmem`).
static inline int clibcrypto_scrypt(const uint8_t *password, size_t password_length, const uint8_t *salt,
                                    size_t salt_length, uint64_t n, uint64_t r, uint64_t p, uint64_t maxmem,
                                    uint8_t *key, size_t key_length) {
    return EVP_PBE_scrypt((const char *)password, password_length, salt, salt_length, n, r, p, maxmem, key, key_length);
}
#endif
