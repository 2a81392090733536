namespace Posts.Application.Users;

/// <summary>A user as anyone may see it.</summary>
public sealed record UserDto
{
    public long Id { get; init; }
    public required string Username { get; init; }
    public required string DisplayName { get; init; }
}

/// <summary>A user as an administrator sees it.</summary>
public sealed record UserDetailsDto
{
    public long Id { get; init; }
    public required string Username { get; init; }
    public required string DisplayName { get; init; }
    public bool IsAdmin { get; init; }
    public bool IsDisabled { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
