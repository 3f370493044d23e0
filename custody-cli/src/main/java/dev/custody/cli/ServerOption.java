package dev.custody.cli;

import picocli.CommandLine.Option;

/** {@code --url}: the server a command talks to, shared by every command that uses the API. */
final class ServerOption {
  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "${env:CUSTODY_URL:-http://127.0.0.1:8080}",
      description = "The Custody server (default: ${DEFAULT-VALUE}; env CUSTODY_URL).")
  String url = "http://127.0.0.1:8080";

  ApiClient client() {
    return new ApiClient(url);
  }
}
