using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace TalentPool.Auth;

/// <summary>
/// The key that signs and checks bearer tokens (HMAC-SHA256). Configured as <c>Auth:SigningKey</c>
/// (base64, at least 32 bytes). Outside Production a missing key is generated once and kept in the
/// user's profile — never in the repository — so tokens minted locally survive restarts.
/// </summary>
public static class SigningKey
{
    public const string ConfigurationKey = "Auth:SigningKey";

    public static SymmetricSecurityKey Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured)) return FromBase64(configured, ConfigurationKey);

        if (environment.IsProduction())
        {
            throw new InvalidOperationException(
                $"Configure '{ConfigurationKey}' (base64, at least 32 bytes) in Production; a generated local key is only for development.");
        }
        return FromBase64(LoadOrCreateLocalKey(), LocalKeyPath);
    }

    public static string LocalKeyPath => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify),
        ".talentpool", "jwt-signing-key");

    private static string LoadOrCreateLocalKey()
    {
        if (File.Exists(LocalKeyPath)) return File.ReadAllText(LocalKeyPath).Trim();

        Directory.CreateDirectory(Path.GetDirectoryName(LocalKeyPath)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(LocalKeyPath, key);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(LocalKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }

    private static SymmetricSecurityKey FromBase64(string value, string source)
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(value); }
        catch (FormatException) { throw new InvalidOperationException($"The signing key in {source} is not valid base64."); }
        if (bytes.Length < 32) throw new InvalidOperationException($"The signing key in {source} must be at least 32 bytes.");
        return new SymmetricSecurityKey(bytes);
    }
}
