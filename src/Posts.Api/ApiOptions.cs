namespace Posts.Api;

/// <summary>The HTTP adapter's settings, bound from the <c>Api</c> configuration section.</summary>
internal sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>How long a validated token is trusted without asking the database (bounds how stale a revocation made on another host can be).</summary>
    public TimeSpan TokenCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    public int TokenCacheCapacity { get; set; } = 100_000;

    /// <summary>Largest accepted request body (a post's body is up to 20,000 characters, JSON-escaped).</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary><c>POST /tokens</c> per client address per <see cref="TokenRequestWindow"/>, before the login throttle even looks.</summary>
    public int TokenRequestLimit { get; set; } = 30;

    public TimeSpan TokenRequestWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Proxies whose <c>X-Forwarded-For</c> is believed (IP addresses). Empty: none, not even loopback.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Origins allowed by CORS (exact). Empty: CORS is off.</summary>
    public string[] CorsOrigins { get; set; } = [];
}
