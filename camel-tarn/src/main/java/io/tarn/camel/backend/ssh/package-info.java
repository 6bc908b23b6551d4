/**
 * The SFTP (camel-ftp) and SCP (camel-jsch) locations over a tarn lake folder on an SSH server, what they share
 * (SshLocation, SshSettings), the JSch session and SFTP channel files of SCP, and their sftp: and scp: spec leaves.
 */
package io.tarn.camel.backend.ssh;
