using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using TalentPool.Webhooks;

namespace TalentPool.Tests.Webhooks;

/// <summary>Signatures, secrets and targets: pure, no database.</summary>
public sealed class WebhookSigningTests
{
    [Fact]
    public void The_signature_reproduces_the_Standard_Webhooks_test_vector()
    {
        // The specification's published vector: a receiver's Standard Webhooks library accepts what we send.
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var key = Convert.FromBase64String(secret["whsec_".Length..]);

        WebhookSignature.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""", [key])
            .ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        WebhookSignature.Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", """{"test": 2432232314}""",
            "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=").ShouldBeTrue();
        WebhookSignature.Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", """{"test": 2432232315}""",
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=").ShouldBeFalse();
    }

    [Fact]
    public void A_secret_is_stored_encrypted_signs_with_its_own_bytes_and_reads_only_under_the_same_signing_key()
    {
        var signingKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        var secrets = new WebhookSecrets(signingKey);

        var (secret, encrypted) = secrets.Create();

        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBe(32);
        encrypted.ShouldNotContain(secret["whsec_".Length..]);
        secrets.SigningKeyOf(encrypted).ShouldBe(Convert.FromBase64String(secret["whsec_".Length..]));
        secrets.Create().Encrypted.ShouldNotBe(encrypted);
        Should.Throw<CryptographicException>(() => new WebhookSecrets(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32))).SigningKeyOf(encrypted));
    }

    [Theory]
    [InlineData("https://hooks.example.com/talentpool", false, true)]
    [InlineData("https://93.184.216.34:8443/hook", false, true)]
    [InlineData("http://hooks.example.com/talentpool", false, false)]
    [InlineData("https://localhost/hook", false, false)]
    [InlineData("https://127.0.0.1/hook", false, false)]
    [InlineData("http://127.0.0.1:5000/hook", true, true)]
    [InlineData("http://localhost:5000/hook", true, true)]
    [InlineData("http://10.1.2.3/hook", true, false)]
    [InlineData("https://10.1.2.3/hook", false, false)]
    [InlineData("https://172.20.0.1/hook", false, false)]
    [InlineData("https://192.168.0.10/hook", false, false)]
    [InlineData("https://169.254.169.254/latest", false, false)]
    [InlineData("https://100.64.0.1/hook", false, false)]
    [InlineData("https://0.0.0.0/hook", false, false)]
    [InlineData("https://[::1]/hook", false, false)]
    [InlineData("https://[fe80::1]/hook", false, false)]
    [InlineData("https://[fd12:3456::1]/hook", false, false)]
    [InlineData("https://[::ffff:10.0.0.1]/hook", false, false)]
    [InlineData("https://user:pw@hooks.example.com/", false, false)]
    [InlineData("https://hooks.example.com/#fragment", false, false)]
    [InlineData("hooks.example.com/hook", false, false)]
    public void A_target_is_an_https_URL_on_a_public_address_loopback_only_where_allowed(string url, bool allowLoopback, bool allowed) =>
        (WebhookTargets.Refusal(url, allowLoopback) is null).ShouldBe(allowed, WebhookTargets.Refusal(url, allowLoopback));

    [Fact]
    public async Task A_name_that_resolves_to_a_refused_address_is_not_connected_to()
    {
        // "localhost" resolves to loopback: refused at connect time when loopback is not allowed (DNS rebinding).
        await Should.ThrowAsync<HttpRequestException>(async () =>
            await WebhookTargets.ConnectAsync(new DnsEndPoint("localhost", 9), allowLoopback: false, CancellationToken.None));
    }
}
