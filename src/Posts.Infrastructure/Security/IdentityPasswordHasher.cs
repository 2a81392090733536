using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Posts.Application.Common.Abstractions;
using Posts.Domain;

namespace Posts.Infrastructure.Security;

/// <summary>Identity's PasswordHasher options plus the iteration count, bound from <c>Security:PasswordHashing</c>.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Security:PasswordHashing";

    /// <summary>OWASP's current figure for PBKDF2-HMAC-SHA512. Tests lower it for speed; one test keeps this.</summary>
    public const int ProductionIterations = 210_000;

    public int Iterations { get; set; } = ProductionIterations;
}

/// <summary>
/// ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (v3: PBKDF2-HMAC-SHA512) at the configured
/// iteration count. Hashes made with fewer iterations verify as <see cref="PasswordVerification.SuccessRehashNeeded"/>.
/// </summary>
internal sealed class IdentityPasswordHasher : Application.Common.Abstractions.IPasswordHasher
{
    private readonly PasswordHasher<User> _hasher;
    private readonly Lazy<string> _dummyHash;

    public IdentityPasswordHasher(IOptions<PasswordHashingOptions> options)
    {
        _hasher = new PasswordHasher<User>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.Iterations,
        }));
        _dummyHash = new Lazy<string>(() => Hash(Guid.NewGuid().ToString("N")));
    }

    // The hasher ignores the user argument; PasswordHasher<TUser> wants one for its signature only.
    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public PasswordVerification Verify(string hash, string password)
    {
        if (hash == User.NoPasswordHash)
        {
            VerifyAgainstDummy(password); // the same cost as a wrong password, so timing does not tell
            return PasswordVerification.Failed;
        }

        return _hasher.VerifyHashedPassword(null!, hash, password) switch
        {
            PasswordVerificationResult.Success => PasswordVerification.Success,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordVerification.SuccessRehashNeeded,
            _ => PasswordVerification.Failed,
        };
    }

    public void VerifyAgainstDummy(string password) => _hasher.VerifyHashedPassword(null!, _dummyHash.Value, password);
}
