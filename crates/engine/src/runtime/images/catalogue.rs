//! The simulated registry's repositories.
//!
//! Entrypoints, commands, ports and log lines follow the official images' Dockerfiles and
//! entrypoint scripts (docker-library/nginx `docker-entrypoint.sh`, docker-library/mysql
//! `docker-entrypoint.sh` `docker_verify_minimum_env`, docker-library/postgres likewise,
//! kubernetes/kubernetes `test/images/agnhost/liveness/server.go`). Sizes are compressed
//! linux/amd64 sizes of recent tags, approximated. Log placeholders: `{nginx_time}`,
//! `{redis_time}`, `{iso_time}`, `{version}`; a leading `!` sends the line to stderr.

use super::{Behaviour, ImageInfo, Userland};

const MB: u64 = 1024 * 1024;

/// Pull time: a fixed round trip plus the bytes at about 20 MB/s.
const fn pull_ms(size: u64) -> u64 {
    800 + size / 20_000
}

const BASE: ImageInfo = ImageInfo {
    name: "",
    tags: &["latest"],
    tag_suffixes: &[],
    entrypoint: &[],
    cmd: &["sh"],
    ports: &[],
    http_paths: &[],
    default_http_status: 0,
    size_bytes: 0,
    pull_ms: 0,
    start_ms: 0,
    memory_bytes: 0,
    required_env: &[],
    missing_env_error: &[],
    startup_log: &[],
    behaviour: Behaviour::Userland,
    userland: Userland::Busybox,
    files: &[],
};

const NGINX_LOG: &[&str] = &[
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
];

const NGINX_INDEX: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n";

const NGINX_CONF: &str = "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n";

const OS_RELEASE_DEBIAN: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n";

pub static CATALOGUE: &[ImageInfo] = &[
    ImageInfo {
        name: "docker.io/library/nginx",
        tags: &[
            "latest", "stable", "mainline", "alpine", "perl", "1", "1.14", "1.14.2", "1.16",
            "1.17", "1.19", "1.20", "1.21", "1.21.6", "1.22", "1.23", "1.24", "1.25", "1.25.3",
            "1.26", "1.27", "1.27.0", "1.27.3", "1.27.4", "1.28", "1.28.0", "1.29", "1.29.0",
        ],
        tag_suffixes: &["alpine", "alpine-slim", "perl", "bookworm"],
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        ports: &[80],
        http_paths: &[("/", 200), ("/index.html", 200), ("/50x.html", 200)],
        default_http_status: 404,
        size_bytes: 72_225_394,
        pull_ms: pull_ms(72_225_394),
        start_ms: 300,
        memory_bytes: 12 * MB,
        startup_log: NGINX_LOG,
        behaviour: Behaviour::Daemon,
        userland: Userland::Gnu,
        files: &[
            ("/usr/share/nginx/html/index.html", NGINX_INDEX),
            ("/usr/share/nginx/html/50x.html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n</html>\n"),
            ("/etc/nginx/conf.d/default.conf", NGINX_CONF),
            ("/etc/os-release", OS_RELEASE_DEBIAN),
        ],
        ..BASE
    },
    ImageInfo {
        name: "docker.io/library/busybox",
        tags: &["latest", "stable", "musl", "glibc", "uclibc", "1", "1.28", "1.28.4", "1.31", "1.31.1", "1.34", "1.35", "1.36", "1.36.1", "1.37", "1.37.0"],
        tag_suffixes: &["musl", "glibc", "uclibc"],
        size_bytes: 2_155_380,
        pull_ms: pull_ms(2_155_380),
        memory_bytes: MB / 2,
        ..BASE
    },
    ImageInfo {
        name: "registry.k8s.io/busybox",
        tags: &["latest", "1.24", "1.27", "1.27.2"],
        size_bytes: 1_144_547,
        pull_ms: pull_ms(1_144_547),
        memory_bytes: MB / 2,
        ..BASE
    },
    ImageInfo {
        name: "docker.io/library/alpine",
        tags: &["latest", "edge", "3", "3.18", "3.19", "3.20", "3.21", "3.22", "3.20.3", "3.21.2"],
        cmd: &["/bin/sh"],
        size_bytes: 3_653_068,
        pull_ms: pull_ms(3_653_068),
        memory_bytes: MB / 2,
        files: &[("/etc/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.2\n")],
        ..BASE
    },
    ImageInfo {
        name: "docker.io/library/ubuntu",
        tags: &["latest", "rolling", "noble", "jammy", "focal", "20.04", "22.04", "24.04", "24.10", "25.04"],
        cmd: &["/bin/bash"],
        size_bytes: 29_754_422,
        pull_ms: pull_ms(29_754_422),
        memory_bytes: MB,
        userland: Userland::Gnu,
        files: &[("/etc/os-release", "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\n")],
        ..BASE
    },
    ImageInfo {
        name: "docker.io/library/debian",
        tags: &["latest", "stable", "bookworm", "bullseye", "trixie", "11", "12", "13", "stable-slim", "bookworm-slim"],
        cmd: &["bash"],
        size_bytes: 48_494_272,
        pull_ms: pull_ms(48_494_272),
        memory_bytes: MB,
        userland: Userland::Gnu,
        files: &[("/etc/os-release", OS_RELEASE_DEBIAN)],
        ..BASE
    },
    ImageInfo {
        name: "docker.io/library/redis",
        tags: &["latest", "alpine", "6", "6.2", "7", "7.0", "7.2", "7.4", "7.4.1", "8", "8.0"],
        tag_suffixes: &["alpine", "bookworm"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["redis-server"],
        ports: &[6379],
        size_bytes: 45_921_114,
        pull_ms: pull_ms(45_921_114),
        start_ms: 100,
        memory_bytes: 4 * MB,
        startup_log: &[
            "1:C {redis_time} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            "1:C {redis_time} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started",
            "1:C {redis_time} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf",
            "1:M {redis_time} * monotonic clock: POSIX clock_gettime",
            "1:M {redis_time} * Running mode=standalone, port=6379.",
            "1:M {redis_time} * Server initialized",
            "1:M {redis_time} * Ready to accept connections tcp",
        ],
        behaviour: Behaviour::Daemon,
        userland: Userland::Gnu,
        ..BASE
    },
    ImageInfo {
        name: "docker.io/library/mysql",
        tags: &["latest", "lts", "innovation", "5.7", "8", "8.0", "8.4", "8.4.3", "9", "9.1", "9.1.0"],
        tag_suffixes: &["oracle", "debian"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["mysqld"],
        ports: &[3306, 33060],
        size_bytes: 170_398_542,
        pull_ms: pull_ms(170_398_542),
        start_ms: 12_000,
        // mysqld's resident set after initialisation with the default buffer pool (128M).
        memory_bytes: 380 * MB,
        required_env: &["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"],
        missing_env_error: &[
            "{iso_time} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el9 started.",
            "{iso_time} [Note] [Entrypoint]: Switching to dedicated user 'mysql'",
            "{iso_time} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el9 started.",
            "!{iso_time} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
            "!    You need to specify one of the following as an environment variable:",
            "!    - MYSQL_ROOT_PASSWORD",
            "!    - MYSQL_ALLOW_EMPTY_PASSWORD",
            "!    - MYSQL_RANDOM_ROOT_PASSWORD",
        ],
        startup_log: &[
            "{iso_time} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el9 started.",
            "{iso_time} [Note] [Entrypoint]: Switching to dedicated user 'mysql'",
            "{iso_time} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el9 started.",
            "{iso_time} [Note] [Entrypoint]: Initializing database files",
            "{iso_time} [Note] [Entrypoint]: Database files initialized",
            "{iso_time} [Note] [Entrypoint]: MySQL init process done. Ready for start up.",
            "!{iso_time} [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
        ],
        behaviour: Behaviour::Daemon,
        userland: Userland::Gnu,
        ..BASE
    },
    ImageInfo {
        name: "docker.io/library/postgres",
        tags: &["latest", "alpine", "12", "13", "14", "15", "16", "17", "16.6", "17.2"],
        tag_suffixes: &["alpine", "bookworm"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["postgres"],
        ports: &[5432],
        size_bytes: 158_942_311,
        pull_ms: pull_ms(158_942_311),
        start_ms: 3_000,
        memory_bytes: 40 * MB,
        required_env: &["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"],
        missing_env_error: &[
            "!Error: Database is uninitialized and superuser password is not specified.",
            "!       You must specify POSTGRES_PASSWORD to a non-empty value for the",
            "!       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
            "!",
            "!       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all",
            "!       connections without a password. This is *not* recommended.",
            "!",
            "!       See PostgreSQL documentation about \"trust\":",
            "!       https://www.postgresql.org/docs/current/auth-trust.html",
        ],
        startup_log: &[
            "The files belonging to this database system will be owned by user \"postgres\".",
            "Success. You can now start the database server using:",
            "PostgreSQL init process complete; ready for start up.",
            "!{iso_time}.000 UTC [1] LOG:  starting PostgreSQL {version} on x86_64-pc-linux-gnu",
            "!{iso_time}.000 UTC [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432",
            "!{iso_time}.000 UTC [1] LOG:  database system is ready to accept connections",
        ],
        behaviour: Behaviour::Daemon,
        userland: Userland::Gnu,
        ..BASE
    },
    ImageInfo {
        name: "docker.io/library/httpd",
        tags: &["latest", "alpine", "2", "2.4", "2.4.62", "2.4.63"],
        tag_suffixes: &["alpine", "bookworm"],
        cmd: &["httpd-foreground"],
        ports: &[80],
        http_paths: &[("/", 200), ("/index.html", 200)],
        default_http_status: 404,
        size_bytes: 58_087_612,
        pull_ms: pull_ms(58_087_612),
        start_ms: 200,
        memory_bytes: 8 * MB,
        startup_log: &[
            "!AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.0.1. Set the 'ServerName' directive globally to suppress this message",
            "![{httpd_time}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{version} (Unix) configured -- resuming normal operations",
            "![{httpd_time}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
        ],
        behaviour: Behaviour::Daemon,
        userland: Userland::Gnu,
        files: &[("/usr/local/apache2/htdocs/index.html", "<html><body><h1>It works!</h1></body></html>\n")],
        ..BASE
    },
    ImageInfo {
        name: "docker.io/library/python",
        tags: &["latest", "3", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "alpine", "slim"],
        tag_suffixes: &["slim", "alpine", "bookworm", "slim-bookworm"],
        cmd: &["python3"],
        size_bytes: 391_214_556,
        pull_ms: pull_ms(391_214_556),
        memory_bytes: 9 * MB,
        userland: Userland::Gnu,
        ..BASE
    },
    ImageInfo {
        name: "docker.io/library/node",
        tags: &["latest", "lts", "current", "alpine", "slim", "18", "20", "22", "23", "24"],
        tag_suffixes: &["slim", "alpine", "bookworm"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["node"],
        size_bytes: 412_322_911,
        pull_ms: pull_ms(412_322_911),
        memory_bytes: 40 * MB,
        userland: Userland::Gnu,
        ..BASE
    },
    ImageInfo {
        // k8s.gcr.io/liveness resolves here too (registry.k8s.io serves the old k8s.gcr.io).
        name: "registry.k8s.io/liveness",
        entrypoint: &[],
        cmd: &["/server"],
        ports: &[8080],
        size_bytes: 2_386_011,
        pull_ms: pull_ms(2_386_011),
        start_ms: 50,
        memory_bytes: 3 * MB,
        behaviour: Behaviour::Daemon,
        userland: Userland::None,
        ..BASE
    },
    ImageInfo {
        name: "registry.k8s.io/e2e-test-images/agnhost",
        tags: &["2.39", "2.40", "2.43", "2.45", "2.47", "2.52", "2.53"],
        entrypoint: &["/agnhost"],
        cmd: &["pause"],
        size_bytes: 51_213_840,
        pull_ms: pull_ms(51_213_840),
        start_ms: 50,
        memory_bytes: 6 * MB,
        behaviour: Behaviour::Daemon,
        ..BASE
    },
    ImageInfo {
        name: "docker.io/polinux/stress",
        tags: &["latest", "1.0.4"],
        cmd: &["stress", "--help"],
        size_bytes: 4_041_262,
        pull_ms: pull_ms(4_041_262),
        memory_bytes: MB,
        ..BASE
    },
    ImageInfo {
        name: "registry.k8s.io/pause",
        tags: &["3.1", "3.2", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.10.1", "latest"],
        entrypoint: &["/pause"],
        cmd: &[],
        size_bytes: 320_368,
        pull_ms: pull_ms(320_368),
        memory_bytes: 256 * 1024,
        behaviour: Behaviour::Pause,
        userland: Userland::None,
        ..BASE
    },
];
