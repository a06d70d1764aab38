// Command testbed-etcd is etcd's own server entry point (go.etcd.io/etcd/server/v3/etcdmain),
// built at the etcd version that k8s.io/kubernetes itself requires. It accepts etcd's flags.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
