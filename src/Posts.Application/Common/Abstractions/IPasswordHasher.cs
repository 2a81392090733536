namespace Posts.Application.Common.Abstractions;

public enum PasswordVerification
{
    Failed,
    Success,

    /// <summary>Correct, but hashed with an older (cheaper) setting: store a new hash.</summary>
    SuccessRehashNeeded,
}

/// <summary>Password hashing (ASP.NET Core Identity's PasswordHasher in Infrastructure). CPU-heavy: go through <see cref="Security.PasswordHashingGate"/>.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    PasswordVerification Verify(string hash, string password);

    /// <summary>Costs what <see cref="Verify"/> costs, for unknown usernames, so timing does not reveal which exist.</summary>
    void VerifyAgainstDummy(string password);
}
