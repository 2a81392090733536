using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Posts.Application;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;
using Posts.Application.Posts;
using Posts.Application.Posts.CreatePost;
using Posts.Application.Posts.GetPost;
using Posts.Application.Tokens;
using Posts.Application.Tokens.AuthenticateToken;
using Posts.Application.Tokens.CreateToken;
using Posts.Infrastructure;

namespace Posts.Cli.Tests;

/// <summary>
/// The application core over a test's database, as another adapter would use it: to arrange what a CLI command
/// works on (sign in, write posts) and to check its effect (does a token still authenticate, is the post gone)
/// without going through the command under test.
/// </summary>
public sealed class Core : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public Core(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Posts"] = connectionString,
            ["Security:PasswordHashing:Iterations"] = "1000",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddApplication().AddInfrastructure(configuration);
        services.AddScoped<CallerSlot>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CallerSlot>().Caller);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public async Task<Result<TokenDto>> SignInAsync(string username, string password) =>
        await SendAsync<TokenDto>(new CreateTokenCommand(username, password), Caller.Anonymous);

    /// <summary>What the HTTP API and WebSocket host ask of every bearer token.</summary>
    public async Task<Result<AuthenticatedSession>> AuthenticateAsync(string token) =>
        await SendAsync<AuthenticatedSession>(new AuthenticateTokenQuery(token), Caller.Anonymous);

    public async Task<PostDto> CreatePostAsync(string username, string password, string title)
    {
        var session = (await AuthenticateAsync((await SignInAsync(username, password)).Value.Token)).Value;
        var post = await SendAsync<PostDto>(new CreatePostCommand(title, $"The body of {title}."), new Caller(session.UserId, session.TokenId));
        return post.IsSuccess ? post.Value : throw new InvalidOperationException($"Could not create a post: {post.Error}");
    }

    public async Task<Result<PostDto>> GetPostAsync(long id) => await SendAsync<PostDto>(new GetPostQuery(id), Caller.System);

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private async Task<Result<T>> SendAsync<T>(IMessage request, ICurrentUser caller)
    {
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerSlot>().Caller = caller;
        return (Result<T>)(await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, TestContext.Current.CancellationToken))!;
    }

    private sealed record Caller(long? UserId, long? TokenId = null, bool IsAdmin = false, bool IsSystem = false) : ICurrentUser
    {
        public static Caller Anonymous { get; } = new(UserId: null);

        public static Caller System { get; } = new(UserId: null, IsAdmin: true, IsSystem: true);

        public string ClientAddress => "198.51.100.7";
    }

    private sealed class CallerSlot
    {
        public ICurrentUser Caller { get; set; } = Core.Caller.Anonymous;
    }
}
