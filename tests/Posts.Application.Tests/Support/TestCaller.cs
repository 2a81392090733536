using Posts.Application.Common.Abstractions;

namespace Posts.Application.Tests.Support;

/// <summary>A caller as an adapter would supply it.</summary>
public sealed record TestCaller(long? UserId, long? TokenId = null, bool IsAdmin = false, bool IsSystem = false, string ClientAddress = "198.51.100.1")
    : ICurrentUser
{
    public static TestCaller Anonymous { get; } = new(UserId: null);

    /// <summary>The CLI's identity: an administrator that is no user.</summary>
    public static TestCaller System { get; } = new(UserId: null, IsAdmin: true, IsSystem: true, ClientAddress: "cli");

    public static TestCaller AnonymousFrom(string clientAddress) => new(UserId: null, ClientAddress: clientAddress);
}

/// <summary>A user made for a test, signed in once.</summary>
public sealed record TestUser(long Id, string Username, string Password, string Token, TestCaller Caller);
