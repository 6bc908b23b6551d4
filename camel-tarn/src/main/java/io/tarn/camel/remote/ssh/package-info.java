/**
 * The SFTP (camel-ftp) and SCP (camel-jsch) locations over a tarn lake folder on an SSH server, their settings and
 * their sftp: and scp: spec leaves.
 */
package io.tarn.camel.remote.ssh;
