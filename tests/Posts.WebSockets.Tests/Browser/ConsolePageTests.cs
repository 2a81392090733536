using FluentAssertions;
using Microsoft.Playwright;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Browser;

/// <summary>
/// The console page in real headless Chromium (Debian's <c>chromium</c>, which build/test.sh installs when missing),
/// sending the article's three messages as a developer would.
/// </summary>
public sealed class ConsolePageTests(SocketHost host) : IClassFixture<SocketHost>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_console_page_runs_the_articles_flow_in_chromium()
    {
        Assert.SkipUnless(File.Exists(Chromium) || Environment.GetEnvironmentVariable("CI") is not null,
            $"No {Chromium}: install Debian's chromium (build/test.sh does) to run the browser test.");
        var username = await host.CreateUserAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // As root Chromium needs --no-sandbox; the rest keeps it off a network this machine does not have.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.HttpUri.ToString());
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("open");

        string[] messages =
        [
            """{"type": "posts.index"}""",
            System.Text.Json.JsonSerializer.Serialize(new { type = "tokens.create", data = new { username, password = SocketHost.DefaultPassword } }),
            """{"type": "posts.index"}""",
        ];
        foreach (var message in messages)
        {
            await page.FillAsync("#message", message);
            await page.ClickAsync("#send");
        }

        var replies = page.Locator("#log .ok, #log .error");
        await Assertions.Expect(replies).ToHaveCountAsync(3);
        var texts = await replies.AllInnerTextsAsync();
        texts[0].Should().Contain("\"type\":\"posts.index\"").And.Contain("\"status\":\"error\"").And.Contain("unauthenticated");
        texts[1].Should().Contain("\"type\":\"tokens.create\"").And.Contain("\"status\":\"ok\"");
        texts[2].Should().Contain("\"type\":\"posts.index\"").And.Contain("\"status\":\"ok\"").And.Contain("\"data\":[");
    }
}
