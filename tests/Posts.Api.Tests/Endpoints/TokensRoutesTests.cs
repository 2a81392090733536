using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;
using static Posts.Api.Tests.Endpoints.Wire;

namespace Posts.Api.Tests.Endpoints;

/// <summary><c>POST /tokens</c> and <c>DELETE /tokens/current</c>.</summary>
public sealed class TokensRoutesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task POST_tokens_with_right_credentials_is_201_with_the_token_its_expiry_and_the_user()
    {
        var user = await api.CreateUserAsync();
        using var client = api.CreateClient();

        var response = await client.PostAsJsonAsync("/tokens", new { username = user.Username, password = ApiFactory.DefaultPassword }, Ct);

        var token = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        token.Names().Should().BeEquivalentTo("token", "expiresAt", "user");
        token.GetProperty("token").GetString().Should().MatchRegex("^[A-Za-z0-9_-]{43}$", "256 random bits, base64url");
        token.GetProperty("expiresAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow().AddHours(24));
        var owner = token.GetProperty("user");
        owner.Names().Should().BeEquivalentTo("id", "username", "displayName");
        owner.GetProperty("username").GetString().Should().Be(user.Username);
        response.Headers.CacheControl!.NoStore.Should().BeTrue("a token is shown once and must not be cached");

        using var signedIn = api.ClientWith(token.GetProperty("token").GetString());
        (await signedIn.GetAsync("/me", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the new token authenticates");
    }

    [Fact]
    public async Task POST_tokens_without_fields_is_400_naming_each_missing_field()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsync("/tokens", Body("{}"), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.Errors().Keys.Should().Contain(["username", "password"]);
    }

    [Fact]
    public async Task POST_tokens_with_a_wrong_password_is_401_the_same_as_for_an_unknown_user()
    {
        var user = await api.CreateUserAsync();
        using var client = api.CreateClient();

        var wrong = await client.PostAsJsonAsync("/tokens", new { username = user.Username, password = "not the password at all" }, Ct);
        var unknown = await client.PostAsJsonAsync("/tokens", new { username = "nobody-" + user.Username, password = "not the password at all" }, Ct);

        var wrongProblem = await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        var unknownProblem = await unknown.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        wrong.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
        wrongProblem.GetProperty("detail").GetString().Should().Be(unknownProblem.GetProperty("detail").GetString(),
            "the answer must not tell whether the username exists");
        wrongProblem.ToString().Should().NotContain("not the password at all");
    }

    [Fact]
    public async Task POST_tokens_after_repeated_wrong_passwords_is_429_with_Retry_After()
    {
        var user = await api.CreateUserAsync();
        using var client = api.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            var failed = await client.PostAsJsonAsync("/tokens", new { username = user.Username, password = "not the password at all" }, Ct);
            failed.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var response = await client.PostAsJsonAsync("/tokens", new { username = user.Username, password = ApiFactory.DefaultPassword }, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        response.Headers.RetryAfter?.Delta.Should().BePositive();
        problem.GetProperty("retryAfter").GetInt32().Should().Be((int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
    }

    [Fact]
    public async Task POST_tokens_as_text_plain_is_415()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsync("/tokens", Body("""{"username":"a","password":"b"}""", "text/plain"), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task POST_tokens_with_malformed_JSON_is_400()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsync("/tokens", Body("""{"username": "a", """), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task DELETE_tokens_current_is_204_and_the_token_then_authenticates_nobody()
    {
        var user = await api.CreateUserAsync();
        var other = await api.SignInAsync(user.Username);
        using var client = user.Client();
        (await client.GetAsync("/me", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the token is cached as valid before it is revoked");

        var response = await client.DeleteAsync("/tokens/current", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var after = await client.GetAsync("/me", Ct);
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        after.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
        using var otherClient = api.ClientWith(other);
        (await otherClient.GetAsync("/me", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "only the bearer token is revoked");
    }

    [Fact]
    public async Task DELETE_tokens_current_without_a_token_is_401_with_a_Bearer_challenge()
    {
        using var client = api.CreateClient();

        var response = await client.DeleteAsync("/tokens/current", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
    }
}
