#ifndef CMICROHTTPD_SHIM_H
#define CMICROHTTPD_SHIM_H
#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <microhttpd.h>

/* Swift cannot call C variadic functions, and some MHD enums import
   awkwardly: the HTTPServer module calls these typed wrappers instead. */

/* MHD_start_daemon with every option the server sets, MHD_OPTION_END-terminated.
   The listen address comes from `address` (IPv4 or IPv6 sockaddr); `port` is ignored
   by MHD when MHD_OPTION_SOCK_ADDR is given. MHD_OPTION_LISTENING_ADDRESS_REUSE is
   deliberately not set: on Linux it adds SO_REUSEPORT, letting a second daemon
   silently share the port; MHD's default (SO_REUSEADDR only) allows quick restarts. */
static inline struct MHD_Daemon *cmhd_start(unsigned int flags,
                                            const struct sockaddr *address,
                                            MHD_AccessHandlerCallback handler,
                                            void *handler_context,
                                            MHD_RequestCompletedCallback completed,
                                            void *completed_context,
                                            unsigned int thread_pool_size,
                                            unsigned int connection_limit,
                                            unsigned int connection_timeout_seconds,
                                            unsigned int per_ip_connection_limit,
                                            MHD_NotifyConnectionCallback notify_connection,
                                            void *notify_connection_context) {
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_context,
                            MHD_OPTION_SOCK_ADDR, address,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, completed_context,
                            MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size,
                            MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                            MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_connection_limit,
                            MHD_OPTION_NOTIFY_CONNECTION, notify_connection, notify_connection_context,
                            MHD_OPTION_END);
}

/* The port the daemon listens on (MHD_get_daemon_info is variadic); 0 when unknown. */
static inline uint16_t cmhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

/* A response owning a copy of `size` bytes (MHD_ResponseMemoryMode imports awkwardly). */
static inline struct MHD_Response *cmhd_response_copying(size_t size, const void *bytes) {
    return MHD_create_response_from_buffer(size, (void *)bytes, MHD_RESPMEM_MUST_COPY);
}

/* The flags of a thread-pooled epoll daemon that can be quiesced. */
static inline unsigned int cmhd_pooled_flags(int ipv6) {
    unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC;
    return ipv6 ? (flags | MHD_USE_IPv6) : flags;
}

/* The client's address as text into `buffer` (MHD_get_connection_info is
   variadic); an empty string when unknown. */
static inline void cmhd_client_address(struct MHD_Connection *connection, char *buffer, socklen_t size) {
    buffer[0] = 0;
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) return;
    const struct sockaddr *address = info->client_addr;
    if (address->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)address)->sin_addr, buffer, size);
    } else if (address->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)address)->sin6_addr, buffer, size);
    }
}

/* The connection's socket (MHD_get_connection_info is variadic); -1 when unknown. */
static inline int cmhd_connection_fd(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info == NULL ? -1 : info->connect_fd;
}

/* Whether a MHD_NotifyConnectionCallback code says the connection started (1) or closed (0). */
static inline int cmhd_notify_is_start(enum MHD_ConnectionNotificationCode code) {
    return code == MHD_CONNECTION_NOTIFY_STARTED ? 1 : 0;
}

#endif
