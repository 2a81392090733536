using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using FluentAssertions;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Posts.Api.Tests.Support;
using Posts.Application.Users.DisableUser;
using Posts.Domain;

namespace Posts.Api.Tests.Security;

/// <summary>
/// The per-process cache of validated tokens (default lifetime 30 s): a revocation made through this host is
/// seen at once; one it was not told about (another host, a direct change in the database) at most one cache
/// lifetime later.
/// </summary>
public sealed class TokenCacheTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Revoked_token_is_refused_at_once_on_the_same_host()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = user.Client();
        (await client.GetAsync("/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the token is now cached");

        (await client.DeleteAsync("/tokens/current", ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await client.GetAsync("/me", ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Changing_the_password_revokes_the_other_tokens_at_once_and_keeps_the_callers()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        var other = await api.SignInAsync(user.Username);
        using var caller = user.Client();
        using var elsewhere = api.ClientWith(other);
        (await caller.GetAsync("/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await elsewhere.GetAsync("/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK, "both tokens are now cached");

        var changed = await caller.PutAsJsonAsync("/me/password",
            new { currentPassword = ApiFactory.DefaultPassword, newPassword = "another good passphrase" }, ct);

        changed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await elsewhere.GetAsync("/me", ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        (await caller.GetAsync("/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        api.Clock.Advance(CacheLifetime + TimeSpan.FromSeconds(1));
        (await caller.GetAsync("/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the caller's token is not revoked in the database either");
    }

    [Fact]
    public async Task Token_deleted_in_the_database_works_until_the_cache_lifetime_passes_then_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = user.Client();
        (await client.GetAsync("/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the token is now cached");

        var hash = Token.HashSecret(user.Token);
        (await api.DbAsync(db => db.Tokens.Where(t => t.Hash == hash).ExecuteDeleteAsync(ct))).Should().Be(1);

        api.Clock.Advance(CacheLifetime - TimeSpan.FromSeconds(1));
        (await client.GetAsync("/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK,
            "this host was not told, so it trusts its cache for up to the cache lifetime: that is the staleness bound");
        api.Clock.Advance(TimeSpan.FromSeconds(2));
        await (await client.GetAsync("/me", ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Disabling_a_user_through_the_application_refuses_their_cached_token_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        var admin = await api.CreateUserAsync(admin: true);
        using var client = user.Client();
        (await client.GetAsync("/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the token is now cached");

        await AsAdminAsync(admin, sender => sender.Send(new DisableUserCommand(user.Username), ct).AsTask(), result => result.IsSuccess.Should().BeTrue());

        await (await client.GetAsync("/me", ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    /// <summary>Sends a request through the app's own mediator as <paramref name="admin"/> (there is no HTTP route for admin requests).</summary>
    private async Task AsAdminAsync<T>(ApiUser admin, Func<ISender, Task<T>> send, Action<T> check)
    {
        var adminId = await api.DbAsync(db => db.Users.Where(u => u.Username == admin.Username).Select(u => u.Id).SingleAsync());
        using var scope = api.Services.CreateScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        var previous = accessor.HttpContext;
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, adminId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Role, "admin")],
                "Bearer")),
        };
        try
        {
            check(await send(scope.ServiceProvider.GetRequiredService<ISender>()));
        }
        finally
        {
            accessor.HttpContext = previous;
        }
    }
}
