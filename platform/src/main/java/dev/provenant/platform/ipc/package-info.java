/**
 * UNIX-domain JSON-line sockets in private (0700) directories, the platform's only path to its
 * signing processes.
 */
package dev.provenant.platform.ipc;
