using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using Posts.Api.Tests.Support;

namespace Posts.Api.Tests.Security;

/// <summary>Request logging without secrets: passwords, tokens and the Authorization header never reach a log line.</summary>
public sealed partial class SecretLoggingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string NewPassword = "fresh secret passphrase 42";
    private const string WrongPassword = "wrong secret passphrase 17";

    [Fact]
    public async Task No_log_line_holds_a_password_a_token_or_the_authorization_header()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = user.Client();
        (await client.GetAsync("/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var created = await client.PostAsJsonAsync("/posts", new { title = "Logged", body = "Not a secret" }, ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        (await client.GetAsync(created.Headers.Location, ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/posts?limit=5", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PutAsJsonAsync("/me/password", new { currentPassword = ApiFactory.DefaultPassword, newPassword = NewPassword }, ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.PostAsJsonAsync("/tokens", new { username = user.Username, password = WrongPassword }, ct))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var second = await api.SignInAsync(user.Username, NewPassword);
        using var secondClient = api.ClientWith(second);
        (await secondClient.DeleteAsync("/tokens/current", ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await secondClient.GetAsync("/me", ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var lines = api.Logs.ToList();

        foreach (var (method, path, status) in new[] { ("GET", "/me", 200), ("PUT", "/me/password", 204), ("POST", "/tokens", 401), ("DELETE", "/tokens/current", 204) })
        {
            lines.Should().Contain(line => Fields(line).IsSupersetOf(new[] { $"Method: {method}", $"Path: {path}", $"StatusCode: {status}" }),
                $"{method} {path} is logged with its method, path and status");
        }

        foreach (var secret in new[] { ApiFactory.DefaultPassword, NewPassword, WrongPassword, user.Token, second })
            lines.Should().NotContain(line => line.Contains(secret, StringComparison.Ordinal), "no secret is ever logged");
        lines.Should().NotContain(line => line.Contains("Authorization", StringComparison.OrdinalIgnoreCase));
        lines.Should().NotContain(line => BearerCredentials().IsMatch(line), "no token, not even one this test did not see");
    }

    /// <summary>The request log entry is one line per field: "Method: GET", "Path: /me", ...</summary>
    private static HashSet<string> Fields(string entry) => [.. entry.Split('\n', StringSplitOptions.TrimEntries)];

    [GeneratedRegex("Bearer +[A-Za-z0-9_~+/=-]{16,}")]
    private static partial Regex BearerCredentials();
}
