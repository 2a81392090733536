using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Application.Tokens;
using Posts.Application.Tokens.AuthenticateToken;
using Posts.Application.Tokens.CreateToken;
using Posts.Domain;

namespace Posts.Application.Tests.Users;

/// <summary>Steps the user and session tests share.</summary>
internal static class UserSteps
{
    public static Task<Result<AuthenticatedSession>> AuthenticateAsync(this AppFixture app, string token) =>
        app.SendAsync<AuthenticatedSession>(new AuthenticateTokenQuery(token), TestCaller.Anonymous);

    public static Task<Result<TokenDto>> TrySignInAsync(this AppFixture app, string username, string password, string clientAddress) =>
        app.SendAsync<TokenDto>(new CreateTokenCommand(username, password), TestCaller.AnonymousFrom(clientAddress));

    public static Task<List<Event>> UserEventsAsync(this AppFixture app, long userId, string type) =>
        app.QueryAsync(db => db.Events.AsNoTracking().Where(e => e.UserId == userId && e.Type == type).OrderBy(e => e.Id).ToListAsync());

    public static JsonElement PayloadOf(Event e)
    {
        using var document = JsonDocument.Parse(e.Payload);
        return document.RootElement.Clone();
    }
}
