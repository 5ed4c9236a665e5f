// A go-containerregistry in-memory registry (pkg/registry, referrers on) for oci-conform's tests.
// It listens on 127.0.0.1 only: the port is the first argument (0 picks a free one), and the
// address it bound is printed on stdout.
package main

import (
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"github.com/google/go-containerregistry/pkg/registry"
)

func main() {
	port := "0"
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(l.Addr().String())
	quiet := log.New(os.Stderr, "", 0)
	log.Fatal(http.Serve(l, registry.New(registry.Logger(quiet), registry.WithReferrersSupport(true))))
}
